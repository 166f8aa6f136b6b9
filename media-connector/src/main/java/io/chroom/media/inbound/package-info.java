/**
 * Inbound half of the media connector: the resource adapter's life cycle and the work it runs for
 * the application server.
 */
package io.chroom.media.inbound;

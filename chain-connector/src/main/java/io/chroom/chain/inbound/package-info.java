/**
 * Inbound half of the chain connector: the resource adapter's life cycle and the work it runs for
 * the application server.
 */
package io.chroom.chain.inbound;

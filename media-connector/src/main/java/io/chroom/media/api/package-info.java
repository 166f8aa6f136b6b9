/**
 * What the application sees of the media connector: a factory that hands out connections to one
 * media node at a time, and the values those connections exchange. Nothing here names the SFU
 * software a node runs.
 */
package io.chroom.media.api;

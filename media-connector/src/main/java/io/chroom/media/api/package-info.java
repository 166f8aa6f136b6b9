/**
 * What the application sees of the media connector: a factory that hands out connections to one
 * media node at a time for rooms and access tokens, the values those connections exchange, and the
 * listener interface through which the connector reports node health. Nothing here names the SFU
 * software a node runs.
 */
package io.chroom.media.api;

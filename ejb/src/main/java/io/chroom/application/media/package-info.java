/**
 * Putting meetings on media nodes and letting people in: placement, moves between nodes, rooms, and
 * the media access a join hands out.
 */
package io.chroom.application.media;

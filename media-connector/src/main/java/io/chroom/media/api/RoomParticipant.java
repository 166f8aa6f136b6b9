package io.chroom.media.api;

/**
 * One participant in a room, as the node sees it.
 *
 * @param id the node's id of the participant in the room
 * @param display the display name the participant joined with (Chroom puts its participant id
 *     there)
 * @param publishing whether the participant is sending media
 */
public record RoomParticipant(long id, String display, boolean publishing) {}

package io.chroom.media.api;

import java.util.Objects;

/**
 * A room to make on a media node.
 *
 * @param roomId numeric id, unique on the node; positive and below 2^53 so browsers keep it exact
 * @param description shown to nobody but operators
 * @param secret needed to destroy the room, kick or mute in it; never logged
 * @param pin needed to join the room, or {@code null} for none; never logged
 * @param maxPublishers how many participants may publish at once
 * @param requireE2ee whether every publisher must encrypt its media end to end
 */
public record RoomSpec(
        long roomId,
        String description,
        String secret,
        String pin,
        int maxPublishers,
        boolean requireE2ee) {

    public static final long MAX_ROOM_ID = (1L << 53) - 1;

    public RoomSpec {
        if (roomId <= 0 || roomId > MAX_ROOM_ID) {
            throw new IllegalArgumentException("room id out of range: " + roomId);
        }
        Objects.requireNonNull(secret, "secret");
        if (maxPublishers < 1) {
            throw new IllegalArgumentException("maxPublishers must be at least 1");
        }
    }

    @Override
    public String toString() {
        return "RoomSpec[" + roomId + ", maxPublishers=" + maxPublishers + "]";
    }
}

package io.chroom.application.media;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * What a client needs to connect to a meeting's media.
 *
 * @param participantId who joins
 * @param role {@code host} or {@code participant}
 * @param token the participant's media token: the node accepts it until it expires or is revoked,
 *     and it stays valid when the meeting moves to another node
 * @param expiresAt when the token stops working
 * @param node where the media goes
 * @param room the room on that node
 * @param iceServers STUN and TURN servers with time-limited credentials
 * @param e2ee whether every participant must encrypt media end to end
 * @param status the meeting's status
 */
@JsonbPropertyOrder({
    "meetingId",
    "participantId",
    "role",
    "token",
    "expiresAt",
    "node",
    "room",
    "iceServers",
    "e2ee",
    "status"
})
public record JoinView(
        String meetingId,
        String participantId,
        String role,
        String token,
        Instant expiresAt,
        NodeRef node,
        RoomRef room,
        List<IceServer> iceServers,
        boolean e2ee,
        String status) {

    /**
     * @param mediaUrl the node's client API, for janus.js the server URL
     */
    public record NodeRef(String nodeId, String mediaUrl, String region) {}

    /**
     * @param roomId the room to join
     * @param pin the room's PIN, needed to join it
     */
    public record RoomRef(long roomId, String pin) {}
}

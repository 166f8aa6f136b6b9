package io.chroom.application.media;

import java.time.Instant;

/**
 * What webhooks receive about a meeting's media: a participant admitted or taken out ({@code
 * participant.joined}, {@code participant.left}), or the meeting moved to another node ({@code
 * meeting.moved}).
 *
 * @param participantId who joined or left; {@code null} for a move
 * @param role {@code host} or {@code participant}; {@code null} for a move
 * @param nodeId the node the meeting runs on (for a move, the new one)
 * @param fromNodeId for a move, the node the meeting left
 * @param reason for a move, {@code node_down}, {@code node_drained} or {@code node_removed}; for a
 *     departure, {@code removed}
 */
public record MediaEvent(
        String meetingId,
        String participantId,
        String role,
        String nodeId,
        String fromNodeId,
        String reason,
        Instant at) {}

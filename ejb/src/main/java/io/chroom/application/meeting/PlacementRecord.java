package io.chroom.application.meeting;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;

/**
 * One stay of a meeting on a media node, for {@code GET /api/meetings/{id}/placements}.
 *
 * @param nodeId the media node
 * @param nodeName the node's name as its operator registered it
 * @param region the node's region
 * @param roomId the meeting's room on that node
 * @param placedAt when the meeting came to the node
 * @param releasedAt when it left the node; null while it is there
 * @param reason why it came: {@code placed} (its first node, when it started or was first joined),
 *     or {@code node_down}, {@code node_drained} or {@code node_removed} when it was moved here
 *     because its previous node went down, was drained or was removed
 * @param releaseReason why it left: {@code node_down}, {@code node_drained}, {@code node_removed}
 *     (moved to another node) or {@code meeting_over} (ended or cancelled); null while it is there
 * @param current whether the meeting is on this node now
 */
@JsonbNillable
public record PlacementRecord(
        String nodeId,
        String nodeName,
        String region,
        long roomId,
        Instant placedAt,
        Instant releasedAt,
        String reason,
        String releaseReason,
        boolean current) {}

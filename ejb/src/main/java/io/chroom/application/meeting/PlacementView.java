package io.chroom.application.meeting;

import java.time.Instant;

/**
 * Where a meeting runs now.
 *
 * @param nodeId the media node
 * @param region the node's region
 * @param roomId the meeting's room on that node
 * @param placedAt when the meeting came to this node
 */
public record PlacementView(String nodeId, String region, long roomId, Instant placedAt) {}

package io.chroom.application.node;

import java.util.List;

/**
 * {@code GET /api/nodes/{id}/health}: the node's current health and load, and its latest changes,
 * newest first.
 */
public record NodeHealthView(
        String nodeId,
        String state,
        NodeView.Health health,
        NodeView.Load load,
        List<HealthSample> recent) {}

package io.chroom.application.node;

import java.time.Instant;

/** One change of a node's health, as {@code GET /api/nodes/{id}/health} lists them. */
public record HealthSample(
        Instant observedAt,
        String kind,
        Integer controlRttMs,
        Integer stunRttMs,
        Boolean turn,
        Integer sessions,
        Integer participants,
        String detail) {}

package io.chroom.application.analytics;

import java.time.Instant;

/**
 * Bytes a meeting, a node or an account carried over a window, and the participant-minutes spent
 * connected (each participant's connected time on a node, from its handles' attach to detach,
 * rounded up to a whole minute).
 *
 * @param by {@code meeting}, {@code node} or {@code account}
 * @param id the meeting, node or account id
 */
public record UsageView(
        String by,
        String id,
        Instant from,
        Instant to,
        long bytesIn,
        long bytesOut,
        long participantMinutes) {}

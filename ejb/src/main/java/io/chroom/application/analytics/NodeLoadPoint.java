package io.chroom.application.analytics;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;

/**
 * A node's health and load over one interval, from the health watch's probes.
 *
 * @param probes probes in the interval
 * @param downProbes probes that found the node down
 * @param controlRttMs mean round trip of the control API
 * @param stunRttMs mean STUN round trip
 * @param sessions most sessions the node reported
 * @param participants most participants the node reported
 */
@JsonbNillable
public record NodeLoadPoint(
        String nodeId,
        Instant at,
        long probes,
        long downProbes,
        Double controlRttMs,
        Double stunRttMs,
        Integer sessions,
        Integer participants) {}

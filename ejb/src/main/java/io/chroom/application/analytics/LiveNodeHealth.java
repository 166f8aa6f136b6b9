package io.chroom.application.analytics;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;

/** A health probe of a node as the live stream sends it ({@code event: node}). */
@JsonbNillable
public record LiveNodeHealth(
        String nodeId,
        Instant at,
        String status,
        Integer controlRttMs,
        Integer stunRttMs,
        Integer sessions,
        Integer participants) {

    public String key() {
        return nodeId + "/" + at;
    }
}

package io.chroom.application.analytics;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbTransient;
import java.time.Instant;

/**
 * One media sample as the live stream sends it ({@code event: qos}).
 *
 * @param accountId whose meeting it is; the stream sends it to that account only
 */
@JsonbNillable
public record LiveSample(
        @JsonbTransient String accountId,
        String meetingId,
        String participantId,
        String nodeId,
        String media,
        Instant at,
        Integer rttMs,
        Integer jitterMs,
        Double packetLossPct,
        Long bitrateInBps,
        Long bitrateOutBps,
        Double mos) {

    /** Identifies the sample among those of the last seconds. */
    public String key() {
        return nodeId + "/" + meetingId + "/" + participantId + "/" + media + "/" + at;
    }
}

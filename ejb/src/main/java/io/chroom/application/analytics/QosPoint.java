package io.chroom.application.analytics;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;

/**
 * Quality of one participant's media of one kind over one interval, as the node measured it.
 *
 * @param at start of the interval
 * @param media {@code audio} or {@code video}
 * @param samples statistics events in the interval
 * @param rttMs mean RTCP round trip time
 * @param jitterMs mean interarrival jitter (the larger of the two directions)
 * @param packetLossPct mean packet loss in percent (the larger of the two directions)
 * @param bitrateInBps mean bitrate the node received from the participant
 * @param bitrateOutBps mean bitrate the node sent to the participant
 * @param nacks NACKs the node sent and received in the interval
 * @param mos mean ITU-T G.107 MOS (audio only)
 * @param mosMin lowest MOS of a sample in the interval
 */
@JsonbNillable
public record QosPoint(
        String participantId,
        String media,
        Instant at,
        long samples,
        Double rttMs,
        Double jitterMs,
        Double packetLossPct,
        Long bitrateInBps,
        Long bitrateOutBps,
        Long nacks,
        Double mos,
        Double mosMin) {}

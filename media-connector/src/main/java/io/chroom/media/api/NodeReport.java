package io.chroom.media.api;

import java.time.Instant;

/**
 * One thing a media node reported about the sessions and streams it carries, as its own event
 * handler posted it. A session is one client's connection to the node; a handle is one of its
 * attachments to the conferencing plugin (a publisher or a subscriber), identified on the node by
 * its id.
 */
public sealed interface NodeReport {

    /** When the node saw it happen. */
    Instant at();

    /**
     * A handle was attached or detached.
     *
     * @param attached {@code true} for an attach, {@code false} for a detach
     * @param token the access token the client attached with, when the node reported it
     * @param opaqueId the label the client gave the handle, when it gave one
     */
    record HandleChange(
            Instant at,
            long sessionId,
            long handleId,
            boolean attached,
            String token,
            String opaqueId)
            implements NodeReport {}

    /** A session ended (destroyed by its client or timed out): its handles are gone with it. */
    record SessionEnded(Instant at, long sessionId) implements NodeReport {}

    /**
     * Statistics of one stream of a handle. Counters are totals since the stream started; {@code
     * null} where the node did not report the field.
     *
     * @param mid the stream's SDP media id
     * @param media {@code audio}, {@code video} (or a simulcast layer) or {@code data}
     * @param rttMillis round trip time from RTCP
     * @param lost packets the node expected from the client and did not receive
     * @param lostByRemote packets the client reported lost of those the node sent
     * @param jitterLocalMillis interarrival jitter of what the node receives
     * @param jitterRemoteMillis interarrival jitter the client reported of what the node sends
     * @param bytesInLastSecond bytes received in the last second, a rate
     * @param bytesOutLastSecond bytes sent in the last second, a rate
     */
    record StreamStats(
            Instant at,
            long sessionId,
            long handleId,
            String opaqueId,
            String mid,
            String media,
            String codec,
            Long rttMillis,
            Long lost,
            Long lostByRemote,
            Long jitterLocalMillis,
            Long jitterRemoteMillis,
            long packetsIn,
            long packetsOut,
            long bytesIn,
            long bytesOut,
            Long bytesInLastSecond,
            Long bytesOutLastSecond,
            Long nacksIn,
            Long nacksOut)
            implements NodeReport {}
}

package io.chroom.media.api;

import java.time.Instant;
import java.util.List;

/**
 * What a node's control API says of one handle at one moment: the label its client gave it and the
 * statistics of its streams, in the shape of the node's own media statistics events, so that what a
 * poll reads and what the node posts are stored alike.
 *
 * @param at when the node answered, by this server's clock
 * @param opaqueId the label the client gave the handle, when it gave one
 * @param streams one entry per audio or video stream (and simulcast layer) that has statistics
 */
public record HandleInfo(
        Instant at,
        long sessionId,
        long handleId,
        String opaqueId,
        List<NodeReport.StreamStats> streams) {

    public HandleInfo {
        streams = List.copyOf(streams);
    }
}

package io.chroom.media.api;

import java.net.URI;
import java.util.Objects;

/**
 * A node the connector is to watch, as the application registered it.
 *
 * @param nodeId the application's id of the node, echoed in {@link NodeEvent}
 * @param address how to reach the node's control API
 * @param turnServer the node's STUN/TURN server as {@code turn:host:port}, or {@code null}
 * @param turnSecret the shared secret from which time-limited TURN credentials are made, or {@code
 *     null}; never logged
 * @param lastKnown what the application last recorded of the node, so that a probe that agrees
 *     raises no event: {@code UP}, {@code DEGRADED} or {@code DOWN}
 */
public record WatchedNode(
        String nodeId,
        MediaNodeAddress address,
        URI turnServer,
        String turnSecret,
        NodeEvent.Kind lastKnown) {

    public WatchedNode {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(lastKnown, "lastKnown");
    }

    @Override
    public String toString() {
        return "WatchedNode[" + nodeId + ", " + address.controlUrl() + "]";
    }
}

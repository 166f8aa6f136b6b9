package io.chroom.application.node;

import io.chroom.infrastructure.persistence.JobLeases;
import io.chroom.media.api.NodeEvent;
import io.chroom.media.api.NodeEventListener;
import io.chroom.media.api.WatchedNode;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import java.time.Duration;
import java.util.List;

/**
 * Receives the media connector's node health events. The connector runs its probe rounds on every
 * server; the watch lease lets only one server's rounds probe, so each node is checked once per
 * round across the deployment, and another server takes over within a lease when that one stops.
 */
@MessageDriven(messageListenerInterface = NodeEventListener.class)
public class NodeEvents implements NodeEventListener {

    static final String WATCH_LEASE = "media-node-watch";

    /** Three default probe intervals: a server that misses two rounds keeps the watch. */
    static final Duration LEASE = Duration.ofSeconds(15);

    @EJB private JobLeases leases;

    @EJB private NodeService nodes;

    @Override
    public List<WatchedNode> nodesToWatch() {
        if (!leases.hold(WATCH_LEASE, LEASE)) {
            return List.of();
        }
        return nodes.watchList();
    }

    @Override
    public void onNodeEvent(NodeEvent event) {
        nodes.record(event);
    }
}

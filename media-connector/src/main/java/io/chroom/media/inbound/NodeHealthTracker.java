package io.chroom.media.inbound;

import io.chroom.media.api.NodeEvent;
import io.chroom.media.api.NodeHealth;
import io.chroom.media.api.NodeInfo;
import io.chroom.media.api.WatchedNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns probe results into node events, for one activation. A failed probe counts against the node
 * and the node is DOWN only after {@code failuresBeforeDown} of them in a row; one passing probe
 * makes it UP (or DEGRADED when STUN or TURN failed) at once. States are compared with what the
 * application last recorded, so a state it already knows raises nothing; load is compared with the
 * previous round this tracker saw. Not thread-safe: one probe loop owns it.
 */
final class NodeHealthTracker {

    private final int failuresBeforeDown;
    private final Map<String, Seen> seen = new HashMap<>();

    NodeHealthTracker(int failuresBeforeDown) {
        this.failuresBeforeDown = failuresBeforeDown;
    }

    /** The event one probe of {@code node} raises, if any. */
    Optional<NodeEvent> observe(WatchedNode node, NodeHealth health) {
        Seen previous = seen.getOrDefault(node.nodeId(), Seen.NONE);

        if (!health.controlReachable()) {
            int failures = previous.failures() + 1;
            seen.put(node.nodeId(), new Seen(failures, previous.load()));
            if (failures >= failuresBeforeDown && node.lastKnown() != NodeEvent.Kind.DOWN) {
                return event(node, NodeEvent.Kind.DOWN, health);
            }
            return Optional.empty();
        }

        NodeInfo load = health.info();
        seen.put(node.nodeId(), new Seen(0, load));
        NodeEvent.Kind now =
                passesMedia(node, health) ? NodeEvent.Kind.UP : NodeEvent.Kind.DEGRADED;
        if (now != node.lastKnown()) {
            return event(node, now, health);
        }
        if (previous.load() != null && load != null && loadChanged(previous.load(), load)) {
            return event(node, NodeEvent.Kind.LOAD_CHANGED, health);
        }
        return Optional.empty();
    }

    /** Forgets the nodes the application no longer asks about. */
    void retainOnly(Set<String> nodeIds) {
        seen.keySet().retainAll(nodeIds);
    }

    /** Failed probes in a row of a node, as far as this tracker saw. */
    int failures(String nodeId) {
        return seen.getOrDefault(nodeId, Seen.NONE).failures();
    }

    private static boolean passesMedia(WatchedNode node, NodeHealth health) {
        return node.turnServer() == null || (health.stunRttMillis() >= 0 && health.turnAllocated());
    }

    private static boolean loadChanged(NodeInfo before, NodeInfo now) {
        return before.sessions() != now.sessions() || before.participants() != now.participants();
    }

    private static Optional<NodeEvent> event(
            WatchedNode node, NodeEvent.Kind kind, NodeHealth health) {
        return Optional.of(new NodeEvent(node.nodeId(), kind, health));
    }

    private record Seen(int failures, NodeInfo load) {
        static final Seen NONE = new Seen(0, null);
    }
}

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
 * previous round this tracker saw, and the STUN round trip with the one it last reported. Not
 * thread-safe: one probe loop owns it.
 */
final class NodeHealthTracker {

    static final long RTT_SLACK_MILLIS = 10;

    /** A node that stays the same is reported every this many rounds (30 s by default). */
    static final int HEARTBEAT_ROUNDS = 6;

    private final int failuresBeforeDown;
    private final Map<String, Seen> seen = new HashMap<>();

    NodeHealthTracker(int failuresBeforeDown) {
        this.failuresBeforeDown = failuresBeforeDown;
    }

    /** The event one probe of {@code node} raises, if any. */
    Optional<NodeEvent> observe(WatchedNode node, NodeHealth health) {
        Seen previous = seen.get(node.nodeId());
        Seen known = previous == null ? Seen.NONE : previous;

        if (!health.controlReachable()) {
            int failures = known.failures() + 1;
            seen.put(
                    node.nodeId(),
                    new Seen(failures, known.load(), known.reportedStunRtt(), known.quietRounds()));
            if (failures >= failuresBeforeDown && node.lastKnown() != NodeEvent.Kind.DOWN) {
                return event(node, NodeEvent.Kind.DOWN, health);
            }
            return Optional.empty();
        }

        NodeInfo load = health.info();
        NodeEvent.Kind now =
                passesMedia(node, health) ? NodeEvent.Kind.UP : NodeEvent.Kind.DEGRADED;
        Optional<NodeEvent> event;
        if (now != node.lastKnown()) {
            event = event(node, now, health);
        } else if (previous == null
                || known.load() != null && load != null && loadChanged(known.load(), load)
                || rttShifted(known.reportedStunRtt(), health.stunRttMillis())
                || known.quietRounds() + 1 >= HEARTBEAT_ROUNDS) {
            // The first round of a watch reports the figures it found, so the application's
            // are fresh whoever watched before; later rounds report changes, and a node that
            // stays the same is reported now and then, so its last check is never old.
            event = event(node, NodeEvent.Kind.LOAD_CHANGED, health);
        } else {
            event = Optional.empty();
        }
        seen.put(
                node.nodeId(),
                event.isPresent()
                        ? new Seen(0, load, health.stunRttMillis(), 0)
                        : new Seen(0, load, known.reportedStunRtt(), known.quietRounds() + 1));
        return event;
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

    /**
     * Whether the STUN round trip moved far enough from the one last reported to matter for
     * placement by latency: by half of it, and by at least {@value #RTT_SLACK_MILLIS} ms.
     */
    private static boolean rttShifted(long reported, long now) {
        if (reported < 0 || now < 0) {
            return reported != now;
        }
        long shift = Math.abs(now - reported);
        return shift >= RTT_SLACK_MILLIS && shift * 2 >= reported;
    }

    private static boolean loadChanged(NodeInfo before, NodeInfo now) {
        return before.sessions() != now.sessions() || before.participants() != now.participants();
    }

    private static Optional<NodeEvent> event(
            WatchedNode node, NodeEvent.Kind kind, NodeHealth health) {
        return Optional.of(new NodeEvent(node.nodeId(), kind, health));
    }

    /**
     * @param reportedStunRtt the STUN round trip in the last event raised, or -1
     * @param quietRounds passing rounds since the last event raised
     */
    private record Seen(int failures, NodeInfo load, long reportedStunRtt, int quietRounds) {
        static final Seen NONE = new Seen(0, null, -1, 0);
    }
}

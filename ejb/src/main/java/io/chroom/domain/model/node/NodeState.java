package io.chroom.domain.model.node;

import java.util.Locale;

/**
 * What the network's administrators decided about a node. Health is separate ({@link
 * NodeHealthStatus}): a node can be active and down at once, and comes back by itself.
 */
public enum NodeState {
    /** Takes new meetings. */
    ACTIVE,
    /** Takes no new meetings; its live meetings are handed to other nodes. */
    DRAINING,
    /** Out of the pool for good; kept for the books. */
    REMOVED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}

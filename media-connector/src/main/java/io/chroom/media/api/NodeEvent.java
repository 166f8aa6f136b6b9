package io.chroom.media.api;

/**
 * What the media connector observed about one node.
 *
 * @param nodeId the application's id of the node, as given in {@link WatchedNode}
 * @param kind what changed
 * @param health the probe that showed it
 */
public record NodeEvent(String nodeId, Kind kind, NodeHealth health) {

    /** What changed about the node. */
    public enum Kind {
        /** The node answers and passes its checks (again). */
        UP,
        /** The node answers its control API, but STUN or TURN fails. */
        DEGRADED,
        /** The node failed its checks several times in a row. */
        DOWN,
        /** The node is as healthy as before; its load or measured round trips changed. */
        LOAD_CHANGED
    }
}

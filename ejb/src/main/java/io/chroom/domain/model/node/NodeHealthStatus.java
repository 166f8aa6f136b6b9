package io.chroom.domain.model.node;

import java.util.Locale;

/** What the health watch last saw of a node. */
public enum NodeHealthStatus {
    /** Not probed yet. */
    UNKNOWN,
    /** Control API, STUN and TURN all answered. */
    UP,
    /** The control API answers, but STUN or TURN fails: media may not get through. */
    DEGRADED,
    /** Failed its checks several times in a row. */
    DOWN;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}

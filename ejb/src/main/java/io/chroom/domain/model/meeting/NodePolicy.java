package io.chroom.domain.model.meeting;

/** How a meeting's media node is chosen when it is placed. */
public enum NodePolicy {
    LOWEST_LATENCY,
    LEAST_LOADED,
    LOWEST_PRICE;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.chroom.domain.model.meeting;

/**
 * Where a meeting is in its life: {@code created → live → ended}, or {@code created → cancelled}.
 */
public enum MeetingStatus {
    CREATED,
    LIVE,
    ENDED,
    CANCELLED;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

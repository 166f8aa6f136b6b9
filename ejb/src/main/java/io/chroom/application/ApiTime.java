package io.chroom.application;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The two precisions of time in Chroom: what the database keeps, and what the API shows. */
public final class ApiTime {

    private ApiTime() {}

    /** Now, in the microseconds PostgreSQL keeps, so that a value read back compares equal. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * A {@code timestamptz} as a native query answers it (the driver gives an {@code
     * OffsetDateTime}, a {@code Timestamp} or an {@code Instant}); {@code null} stays null.
     */
    public static Instant fromDatabase(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    /** An instant as the API answers it: RFC 3339 in whole seconds; {@code null} stays null. */
    public static Instant seconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS);
    }
}

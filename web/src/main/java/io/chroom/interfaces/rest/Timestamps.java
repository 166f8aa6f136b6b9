package io.chroom.interfaces.rest;

import io.chroom.application.InvalidRequestException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC 3339 timestamps in query parameters and bodies; a malformed one is a 400 on its field. */
final class Timestamps {

    private Timestamps() {}

    /** The instant {@code value} names, or {@code null} when it is absent or empty. */
    static Instant parse(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(
                    field, field + " must be an RFC 3339 timestamp, such as 2026-12-03T10:00:00Z.");
        }
    }
}

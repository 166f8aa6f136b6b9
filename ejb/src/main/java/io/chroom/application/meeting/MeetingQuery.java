package io.chroom.application.meeting;

import java.time.Instant;

/**
 * Filters and page of {@code GET /api/meetings}; every filter is optional.
 *
 * @param status only meetings in this status
 * @param host only meetings this person hosts
 * @param from only meetings created at or after this instant
 * @param to only meetings created before this instant
 * @param limit page size, 1 to 200
 * @param cursor where the previous page ended
 */
public record MeetingQuery(
        String status, String host, Instant from, Instant to, int limit, String cursor) {}

package io.chroom.application.meeting;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A meeting as the API shows it.
 *
 * @param meetingId short, URL-safe, unguessable id
 * @param status {@code created}, {@code live}, {@code ended} or {@code cancelled}
 * @param startUrl the host's link; it carries a credential that expires an hour after the planned
 *     end
 * @param joinUrl the participants' link
 * @param endsAt when a live meeting ends by itself
 * @param placement the media node the meeting runs on now, or {@code null} while it has none
 */
@JsonbPropertyOrder({
    "meetingId",
    "status",
    "startUrl",
    "joinUrl",
    "title",
    "host",
    "participants",
    "duration",
    "createdAt"
})
public record MeetingView(
        String meetingId,
        String status,
        String startUrl,
        String joinUrl,
        String title,
        String host,
        List<String> participants,
        int duration,
        Instant createdAt,
        Instant scheduledStart,
        boolean e2ee,
        String region,
        String nodePolicy,
        Instant startedAt,
        Instant endsAt,
        Instant endedAt,
        Instant cancelledAt,
        PlacementView placement) {}

package io.chroom.application.meeting;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What an integrator asks for when creating a meeting ({@code POST /api/meetings/create} and {@code
 * POST /api/meetings}).
 *
 * @param title what people see, 1 to 200 characters
 * @param host the integrator's id of the person who hosts
 * @param participants the integrator's ids of invited people; may be empty, no duplicates
 * @param duration planned length in whole minutes, 1 to 1440
 * @param scheduledStart when the meeting is planned to begin (RFC 3339)
 * @param e2ee whether media must be end-to-end encrypted
 * @param region preferred media region, such as {@code eu-west}
 * @param nodePolicy how to pick the media node: {@code lowest_latency}, {@code least_loaded} or
 *     {@code lowest_price}
 */
public record MeetingRequest(
        @NotNull(message = "title is required.")
                @Size(min = 1, max = 200, message = "title must be 1 to 200 characters long.")
                String title,
        @NotNull(message = "host is required.")
                @Pattern(regexp = Ids.PARTICIPANT, message = "host " + Ids.PARTICIPANT_RULE)
                String host,
        @Size(max = 1000, message = "participants can list at most 1000 ids.")
                List<
                                @NotNull(message = "participants must not contain null.")
                                @Pattern(
                                        regexp = Ids.PARTICIPANT,
                                        message = "each of participants " + Ids.PARTICIPANT_RULE)
                                String>
                        participants,
        @NotNull(message = "duration is required.")
                @Min(value = 1, message = "duration must be at least 1 minute.")
                @Max(value = 1440, message = "duration must be at most 1440 minutes (a day).")
                Integer duration,
        OffsetDateTime scheduledStart,
        Boolean e2ee,
        @Size(min = 1, max = 64, message = "region must be 1 to 64 characters long.")
                @Pattern(
                        regexp = "[a-z0-9-]+",
                        message = "region must use lower-case letters, digits and dashes only.")
                String region,
        @Pattern(regexp = Ids.NODE_POLICY, message = "node_policy " + Ids.NODE_POLICY_RULE)
                String nodePolicy) {

    /** Participants as given, or none. */
    public List<String> participantList() {
        return participants == null ? List.of() : participants;
    }
}

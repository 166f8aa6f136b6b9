package io.chroom.application.meeting;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A partial update of a meeting ({@code PATCH /api/meetings/{id}}): every field is optional, and a
 * field left out keeps its value. {@code participants}, when given, replaces the whole list.
 */
public record MeetingChanges(
        @Size(min = 1, max = 200, message = "title must be 1 to 200 characters long.") String title,
        @Pattern(regexp = Ids.PARTICIPANT, message = "host " + Ids.PARTICIPANT_RULE) String host,
        @Size(max = 1000, message = "participants can list at most 1000 ids.")
                List<
                                @NotNull(message = "participants must not contain null.")
                                @Pattern(
                                        regexp = Ids.PARTICIPANT,
                                        message = "each of participants " + Ids.PARTICIPANT_RULE)
                                String>
                        participants,
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
                String nodePolicy) {}

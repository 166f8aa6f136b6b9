package io.chroom.application.meeting;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Invites one more participant ({@code POST /api/meetings/{id}/participants}).
 *
 * @param participantId the integrator's id of the person
 */
public record ParticipantRequest(
        @NotNull(message = "participant_id is required.")
                @Pattern(
                        regexp = Ids.PARTICIPANT,
                        message = "participant_id " + Ids.PARTICIPANT_RULE)
                String participantId) {}

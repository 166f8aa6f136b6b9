package io.chroom.application.media;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/meetings/{id}/join}.
 *
 * @param participantId the host or an invited participant
 */
public record JoinRequest(
        @NotBlank(message = "participant_id must be the host or an invited participant.")
                @Size(max = 200, message = "participant_id must be at most 200 characters.")
                String participantId) {}

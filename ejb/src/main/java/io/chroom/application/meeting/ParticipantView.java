package io.chroom.application.meeting;

import java.time.Instant;

/**
 * An invited participant as the API shows it.
 *
 * @param participantId the integrator's id of the person
 * @param addedAt when they were invited
 */
public record ParticipantView(String participantId, Instant addedAt) {}

package io.chroom.domain.model.meeting;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;
import java.util.Objects;

/** Someone invited to a meeting, named by the integrator's own participant id. */
@Embeddable
public class Participant {

    @Column(name = "participant_id", nullable = false)
    private String participantId;

    @Column(name = "added_at", nullable = false)
    private Instant addedAt;

    protected Participant() {}

    public Participant(String participantId, Instant addedAt) {
        this.participantId = participantId;
        this.addedAt = addedAt;
    }

    public String participantId() {
        return participantId;
    }

    public Instant addedAt() {
        return addedAt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Participant that && participantId.equals(that.participantId);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(participantId);
    }
}

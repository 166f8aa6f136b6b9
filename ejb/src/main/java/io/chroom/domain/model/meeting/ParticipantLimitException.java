package io.chroom.domain.model.meeting;

/** A meeting would have more invited participants than it may. */
public class ParticipantLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ParticipantLimitException(int limit) {
        super("A meeting can have at most " + limit + " participants.");
    }
}

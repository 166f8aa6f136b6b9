package io.chroom.domain.model.meeting;

/** A meeting was asked to move to a state its current state does not lead to. */
public class IllegalTransitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final MeetingStatus from;
    private final String action;

    public IllegalTransitionException(MeetingStatus from, String action) {
        super("A meeting that is " + from.value() + " cannot be " + action + ".");
        this.from = from;
        this.action = action;
    }

    public MeetingStatus from() {
        return from;
    }

    public String action() {
        return action;
    }
}

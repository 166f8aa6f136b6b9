package io.chroom.application;

/** The request conflicts with the state of what it names (answered 409); nothing was changed. */
public class StateConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StateConflictException(String message) {
        super(message);
    }
}

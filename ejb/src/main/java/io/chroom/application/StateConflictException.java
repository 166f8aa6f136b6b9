package io.chroom.application;

/** A request that the object's present state does not allow (409); the message says why. */
public class StateConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StateConflictException(String message) {
        super(message);
    }
}

package io.chroom.application;

/** An {@code Idempotency-Key} was reused with a different request. */
public class IdempotencyConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IdempotencyConflictException() {
        super(
                "This Idempotency-Key was already used with a different request; use a new key for"
                        + " a new request.");
    }
}

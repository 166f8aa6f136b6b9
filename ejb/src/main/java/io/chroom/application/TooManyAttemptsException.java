package io.chroom.application;

/**
 * Repeated failures locked what the request tries (429); nothing was checked or changed, and the
 * caller may try again after {@link #retryAfterSeconds()}.
 */
public class TooManyAttemptsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public TooManyAttemptsException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

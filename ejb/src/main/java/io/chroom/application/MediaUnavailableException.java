package io.chroom.application;

/**
 * No media node can take the work right now: none is up and active with room, or the chosen ones
 * did not answer. Nothing was changed; the caller may retry after {@link #retryAfterSeconds()}.
 */
public class MediaUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    public MediaUnavailableException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

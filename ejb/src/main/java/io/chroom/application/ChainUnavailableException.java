package io.chroom.application;

/**
 * The chain's endpoint does not answer, and the request needs an answer from it now. Nothing was
 * changed; the caller may retry after {@link #retryAfterSeconds()}.
 */
public class ChainUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChainUnavailableException(String message) {
        super(message);
    }

    public int retryAfterSeconds() {
        return 5;
    }
}

package io.chroom.chain.api;

/**
 * The chain's JSON-RPC endpoint did not answer or answered with an error. Unchecked: callers keep
 * their work pending and retry later rather than handle each cause.
 */
public class ChainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChainException(String message, Throwable cause) {
        super(message, cause);
    }
}

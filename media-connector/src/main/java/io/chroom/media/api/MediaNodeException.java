package io.chroom.media.api;

import java.net.URI;

/**
 * A media node could not do what was asked: it did not answer, answered with an error, or refused
 * the credentials. Unchecked, because callers can rarely do more than mark the node unhealthy and
 * try another one, which they decide from {@link #node()}.
 */
public class MediaNodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final URI node;

    public MediaNodeException(URI node, String message, Throwable cause) {
        super(message, cause);
        this.node = node;
    }

    public MediaNodeException(URI node, String message) {
        this(node, message, null);
    }

    /** Control URL of the node that failed. */
    public URI node() {
        return node;
    }
}

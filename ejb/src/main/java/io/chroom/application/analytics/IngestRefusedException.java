package io.chroom.application.analytics;

import jakarta.ejb.ApplicationException;

/**
 * Events posted without a media node's credential ({@code authenticated} false), or by a node for
 * another node. Nothing of the batch is stored.
 */
@ApplicationException(rollback = true)
public class IngestRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean authenticated;

    public IngestRefusedException(boolean authenticated, String message) {
        super(message);
        this.authenticated = authenticated;
    }

    public boolean authenticated() {
        return authenticated;
    }
}

package io.chroom.chain.api;

import java.io.Serializable;

/** The connection factory the application injects to reach the chain. */
public interface ChainConnectionFactory extends Serializable {

    /**
     * Returns a pooled connection to the configured chain endpoint.
     *
     * @throws ChainException when no connection can be made
     */
    ChainConnection getConnection();
}

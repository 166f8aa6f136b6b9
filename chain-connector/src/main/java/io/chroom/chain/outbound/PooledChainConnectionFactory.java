package io.chroom.chain.outbound;

import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainConnectionFactory;
import io.chroom.chain.api.ChainException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

/** The factory the application injects; every connection goes through the container's pool. */
public class PooledChainConnectionFactory implements ChainConnectionFactory {

    private static final long serialVersionUID = 1L;

    private final ChainManagedConnectionFactory managedFactory;
    private final transient ConnectionManager connectionManager;

    PooledChainConnectionFactory(
            ChainManagedConnectionFactory managedFactory, ConnectionManager connectionManager) {
        this.managedFactory = managedFactory;
        this.connectionManager = connectionManager;
    }

    @Override
    public ChainConnection getConnection() {
        try {
            return (ChainConnection) connectionManager.allocateConnection(managedFactory, null);
        } catch (ResourceException e) {
            throw new ChainException("No connection to the chain: " + e.getMessage(), e);
        }
    }
}

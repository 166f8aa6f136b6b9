package io.chroom.media.outbound;

import io.chroom.media.api.MediaNodeAddress;
import io.chroom.media.api.MediaNodeConnection;
import io.chroom.media.api.MediaNodeConnectionFactory;
import io.chroom.media.api.MediaNodeException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

/** The factory the application injects; every connection goes through the container's pool. */
public class PooledMediaNodeConnectionFactory implements MediaNodeConnectionFactory {

    private static final long serialVersionUID = 1L;

    private final MediaNodeManagedConnectionFactory managedFactory;
    private final transient ConnectionManager connectionManager;

    PooledMediaNodeConnectionFactory(
            MediaNodeManagedConnectionFactory managedFactory, ConnectionManager connectionManager) {
        this.managedFactory = managedFactory;
        this.connectionManager = connectionManager;
    }

    @Override
    public MediaNodeConnection getConnection(MediaNodeAddress address) {
        try {
            return (MediaNodeConnection)
                    connectionManager.allocateConnection(
                            managedFactory, new NodeRequestInfo(address));
        } catch (ResourceException e) {
            throw new MediaNodeException(
                    address.controlUrl(), "No connection to the media node: " + e.getMessage(), e);
        }
    }
}

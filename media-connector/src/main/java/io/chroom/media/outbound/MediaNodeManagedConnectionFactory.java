package io.chroom.media.outbound;

import io.chroom.media.api.MediaNodeConnection;
import io.chroom.media.api.MediaNodeConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ResourceAllocationException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * Creates and matches the physical connections to media nodes. One factory serves every node: the
 * node is chosen per request through {@link NodeRequestInfo}.
 */
@ConnectionDefinition(
        connectionFactory = MediaNodeConnectionFactory.class,
        connectionFactoryImpl = PooledMediaNodeConnectionFactory.class,
        connection = MediaNodeConnection.class,
        connectionImpl = MediaNodeConnectionHandle.class)
public class MediaNodeManagedConnectionFactory
        implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    @ConfigProperty(
            defaultValue = "5000",
            description = "Milliseconds to wait for a media node to connect or answer.")
    private Integer requestTimeoutMillis = 5000;

    private transient ResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    public Integer getRequestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    public void setRequestTimeoutMillis(Integer requestTimeoutMillis) {
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    Duration requestTimeout() {
        return Duration.ofMillis(requestTimeoutMillis);
    }

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) {
        return new PooledMediaNodeConnectionFactory(this, connectionManager);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new ResourceException(
                "The media connector runs only inside an application server's connection manager");
    }

    @Override
    public ManagedConnection createManagedConnection(
            Subject subject, ConnectionRequestInfo requestInfo) throws ResourceException {
        if (!(requestInfo instanceof NodeRequestInfo nodeRequest)) {
            throw new ResourceAllocationException(
                    "A media node connection needs the node's address");
        }
        return new MediaNodeManagedConnection(
                this, nodeRequest, new JanusAdminClient(nodeRequest.address(), requestTimeout()));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(
            Set candidates, Subject subject, ConnectionRequestInfo requestInfo) {
        for (Object candidate : candidates) {
            if (candidate instanceof MediaNodeManagedConnection connection
                    && connection.requestInfo().equals(requestInfo)
                    && connection.isUsable()) {
                return connection;
            }
        }
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) {
        this.resourceAdapter = resourceAdapter;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MediaNodeManagedConnectionFactory that
                && Objects.equals(requestTimeoutMillis, that.requestTimeoutMillis);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(requestTimeoutMillis);
    }
}

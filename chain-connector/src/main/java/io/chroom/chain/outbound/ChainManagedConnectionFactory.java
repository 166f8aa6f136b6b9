package io.chroom.chain.outbound;

import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;

/** Creates and matches connections to the one chain endpoint this factory is configured with. */
@ConnectionDefinition(
        connectionFactory = ChainConnectionFactory.class,
        connectionFactoryImpl = PooledChainConnectionFactory.class,
        connection = ChainConnection.class,
        connectionImpl = ChainConnectionHandle.class)
public class ChainManagedConnectionFactory
        implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    @ConfigProperty(description = "JSON-RPC URL of the EVM chain, such as http://127.0.0.1:8545.")
    private String rpcUrl;

    @ConfigProperty(defaultValue = "10000", description = "Milliseconds to wait for an answer.")
    private Integer requestTimeoutMillis = 10000;

    private transient ResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    public String getRpcUrl() {
        return rpcUrl;
    }

    public void setRpcUrl(String rpcUrl) {
        this.rpcUrl = rpcUrl;
    }

    public Integer getRequestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    public void setRequestTimeoutMillis(Integer requestTimeoutMillis) {
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    URI endpoint() throws InvalidPropertyException {
        if (rpcUrl == null || rpcUrl.isBlank()) {
            throw new InvalidPropertyException("rpcUrl of the chain connection factory is not set");
        }
        URI uri = URI.create(rpcUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new InvalidPropertyException("rpcUrl must be an http or https URL: " + rpcUrl);
        }
        return uri;
    }

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) {
        return new PooledChainConnectionFactory(this, connectionManager);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new ResourceException(
                "The chain connector runs only inside an application server's connection manager");
    }

    @Override
    public ManagedConnection createManagedConnection(
            Subject subject, ConnectionRequestInfo requestInfo) throws ResourceException {
        return new ChainManagedConnection(new Web3jChainClient(endpoint(), requestTimeoutMillis));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(
            Set candidates, Subject subject, ConnectionRequestInfo requestInfo) {
        for (Object candidate : candidates) {
            if (candidate instanceof ChainManagedConnection connection && connection.isUsable()) {
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
        return other instanceof ChainManagedConnectionFactory that
                && Objects.equals(rpcUrl, that.rpcUrl)
                && Objects.equals(requestTimeoutMillis, that.requestTimeoutMillis);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rpcUrl, requestTimeoutMillis);
    }
}

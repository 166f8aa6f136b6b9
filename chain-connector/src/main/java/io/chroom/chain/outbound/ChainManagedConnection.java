package io.chroom.chain.outbound;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

/**
 * A pooled web3j client. A chain transaction is final only on chain, so the connection takes part
 * in no container transaction; callers record intent in the database first and submit after.
 */
final class ChainManagedConnection implements ManagedConnection {

    private final Web3jChainClient client;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<ChainConnectionHandle> handles = new CopyOnWriteArraySet<>();
    private volatile boolean broken;
    private volatile boolean destroyed;
    private PrintWriter logWriter;

    ChainManagedConnection(Web3jChainClient client) {
        this.client = client;
    }

    Web3jChainClient client() {
        return client;
    }

    boolean isUsable() {
        return !broken && !destroyed;
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        if (!isUsable()) {
            throw new ResourceException("The chain connection is closed");
        }
        ChainConnectionHandle handle = new ChainConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof ChainConnectionHandle handle)) {
            throw new ResourceException("Not a chain connection handle: " + connection);
        }
        handle.owner().handles.remove(handle);
        handle.reassign(this);
        handles.add(handle);
    }

    void handleClosed(ChainConnectionHandle handle) {
        handles.remove(handle);
        if (broken) {
            // The container already discarded this connection when the error was reported.
            return;
        }
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        listeners.forEach(listener -> listener.connectionClosed(event));
    }

    void transportFailed(Exception cause) {
        broken = true;
        ConnectionEvent event =
                new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, cause);
        listeners.forEach(listener -> listener.connectionErrorOccurred(event));
    }

    @Override
    public void cleanup() {
        handles.forEach(ChainConnectionHandle::invalidate);
        handles.clear();
    }

    @Override
    public void destroy() {
        destroyed = true;
        cleanup();
        client.close();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException("Chain calls are not part of container transactions");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("Chain calls are not part of container transactions");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "EVM JSON-RPC";
            }

            @Override
            public String getEISProductVersion() {
                return "1";
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return null;
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }
}

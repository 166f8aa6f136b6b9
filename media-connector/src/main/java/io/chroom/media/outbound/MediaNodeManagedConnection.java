package io.chroom.media.outbound;

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
 * A physical connection to one media node's control plane. Node control calls are not
 * transactional, so the connection takes part in no transaction; a call that fails at the transport
 * level marks the connection broken and the container discards it.
 */
final class MediaNodeManagedConnection implements ManagedConnection {

    private final MediaNodeManagedConnectionFactory factory;
    private final NodeRequestInfo requestInfo;
    private final NodeControlClient client;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<MediaNodeConnectionHandle> handles = new CopyOnWriteArraySet<>();
    private volatile boolean broken;
    private volatile boolean destroyed;
    private PrintWriter logWriter;

    MediaNodeManagedConnection(
            MediaNodeManagedConnectionFactory factory,
            NodeRequestInfo requestInfo,
            NodeControlClient client) {
        this.factory = factory;
        this.requestInfo = requestInfo;
        this.client = client;
    }

    NodeRequestInfo requestInfo() {
        return requestInfo;
    }

    NodeControlClient client() {
        return client;
    }

    boolean isUsable() {
        return !broken && !destroyed;
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        if (!isUsable()) {
            throw new ResourceException("The media node connection is closed");
        }
        MediaNodeConnectionHandle handle = new MediaNodeConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof MediaNodeConnectionHandle handle)) {
            throw new ResourceException("Not a media node connection handle: " + connection);
        }
        handle.owner().handles.remove(handle);
        handle.reassign(this);
        handles.add(handle);
    }

    /** Called by a handle the application closes; gives the connection back to the pool. */
    void handleClosed(MediaNodeConnectionHandle handle) {
        handles.remove(handle);
        if (broken) {
            // The container already discarded this connection when the error was reported.
            return;
        }
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        listeners.forEach(listener -> listener.connectionClosed(event));
    }

    /** Called when a node call failed at the transport level: the container must not reuse us. */
    void transportFailed(Exception cause) {
        broken = true;
        ConnectionEvent event =
                new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, cause);
        listeners.forEach(listener -> listener.connectionErrorOccurred(event));
    }

    @Override
    public void cleanup() {
        for (MediaNodeConnectionHandle handle : handles) {
            handle.invalidate();
        }
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
        throw new NotSupportedException("Media node control calls are not transactional");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("Media node control calls are not transactional");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "Chroom media node";
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

    MediaNodeManagedConnectionFactory factory() {
        return factory;
    }
}

package io.chroom.media.outbound;

import io.chroom.media.api.MediaNodeConnection;
import io.chroom.media.api.MediaNodeException;
import io.chroom.media.api.NodeInfo;
import java.util.function.Function;

/** The handle the application holds; it forwards to whichever managed connection owns it. */
public final class MediaNodeConnectionHandle implements MediaNodeConnection {

    private volatile MediaNodeManagedConnection owner;
    private volatile boolean closed;

    MediaNodeConnectionHandle(MediaNodeManagedConnection owner) {
        this.owner = owner;
    }

    MediaNodeManagedConnection owner() {
        return owner;
    }

    void reassign(MediaNodeManagedConnection newOwner) {
        this.owner = newOwner;
    }

    void invalidate() {
        closed = true;
    }

    @Override
    public NodeInfo info() {
        return call(NodeControlClient::info);
    }

    private <T> T call(Function<NodeControlClient, T> operation) {
        MediaNodeManagedConnection connection = owner;
        if (closed) {
            throw new IllegalStateException("The media node connection handle is closed");
        }
        try {
            return operation.apply(connection.client());
        } catch (MediaNodeException e) {
            if (e.getCause() instanceof java.io.IOException) {
                connection.transportFailed(e);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            owner.handleClosed(this);
        }
    }
}

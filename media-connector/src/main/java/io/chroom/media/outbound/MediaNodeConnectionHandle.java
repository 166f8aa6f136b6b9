package io.chroom.media.outbound;

import io.chroom.media.api.HandleInfo;
import io.chroom.media.api.MediaNodeConnection;
import io.chroom.media.api.MediaNodeException;
import io.chroom.media.api.NodeInfo;
import io.chroom.media.api.RoomParticipant;
import io.chroom.media.api.RoomSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
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

    @Override
    public boolean createRoom(RoomSpec room) {
        return call(client -> client.createRoom(room));
    }

    @Override
    public void destroyRoom(long roomId, String roomSecret) {
        run(client -> client.destroyRoom(roomId, roomSecret));
    }

    @Override
    public boolean roomExists(long roomId) {
        return call(client -> client.roomExists(roomId));
    }

    @Override
    public List<RoomParticipant> participants(long roomId) {
        return call(client -> client.participants(roomId));
    }

    @Override
    public void kick(long roomId, String roomSecret, long participantId) {
        run(client -> client.kick(roomId, roomSecret, participantId));
    }

    @Override
    public void moderate(
            long roomId, String roomSecret, long participantId, String kind, boolean mute) {
        run(client -> client.moderate(roomId, roomSecret, participantId, kind, mute));
    }

    @Override
    public void grant(String token) {
        run(client -> client.grant(token));
    }

    @Override
    public void revoke(String token) {
        run(client -> client.revoke(token));
    }

    @Override
    public List<String> grantedTokens() {
        return call(NodeControlClient::grantedTokens);
    }

    @Override
    public Map<Long, List<Long>> handles() {
        return call(NodeControlClient::handles);
    }

    @Override
    public Optional<HandleInfo> handleInfo(long sessionId, long handleId) {
        return call(client -> client.handleInfo(sessionId, handleId));
    }

    private void run(Consumer<NodeControlClient> operation) {
        call(
                client -> {
                    operation.accept(client);
                    return null;
                });
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

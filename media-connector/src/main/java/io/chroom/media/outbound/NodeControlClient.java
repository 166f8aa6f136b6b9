package io.chroom.media.outbound;

import io.chroom.media.api.HandleInfo;
import io.chroom.media.api.NodeInfo;
import io.chroom.media.api.RoomParticipant;
import io.chroom.media.api.RoomSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operations Chroom needs from one media node's control plane, whatever SFU it runs; the
 * connection handle forwards the application's calls to it.
 */
interface NodeControlClient extends AutoCloseable {

    NodeInfo info();

    boolean createRoom(RoomSpec room);

    void destroyRoom(long roomId, String roomSecret);

    boolean roomExists(long roomId);

    List<RoomParticipant> participants(long roomId);

    void kick(long roomId, String roomSecret, long participantId);

    void moderate(long roomId, String roomSecret, long participantId, String kind, boolean mute);

    void grant(String token);

    void revoke(String token);

    List<String> grantedTokens();

    Map<Long, List<Long>> handles();

    Optional<HandleInfo> handleInfo(long sessionId, long handleId);

    /** Releases sockets and threads; the client is unusable afterwards. */
    @Override
    void close();
}

package io.chroom.media.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An application-level handle on one media node's control plane. Close it when done; the container
 * returns the physical connection to the pool.
 *
 * <p>Every call is one or more round trips to the node and throws {@link MediaNodeException} when
 * the node does not answer or refuses. Rooms are named by a numeric id the application chooses, so
 * that the same room can be made again on another node when a meeting moves.
 */
public interface MediaNodeConnection extends AutoCloseable {

    /** Asks the node who it is and how loaded it is. */
    NodeInfo info();

    /**
     * Makes a room on the node. Making a room that already exists with the same id is not an error:
     * the call answers {@code false} and leaves the room as it is.
     *
     * @return whether the room was made by this call
     */
    boolean createRoom(RoomSpec room);

    /** Destroys a room and disconnects everyone in it; a room that is already gone is no error. */
    void destroyRoom(long roomId, String roomSecret);

    /** Whether the room exists on the node. */
    boolean roomExists(long roomId);

    /** Who is in the room now; empty when the room does not exist. */
    List<RoomParticipant> participants(long roomId);

    /** Disconnects one participant from the room; one who already left is no error. */
    void kick(long roomId, String roomSecret, long participantId);

    /** Mutes or unmutes one participant's audio (or video) for everyone else in the room. */
    void moderate(long roomId, String roomSecret, long participantId, String kind, boolean mute);

    /**
     * Lets the bearer of {@code token} use the node: attach to the room plugin and join rooms. A
     * token granted twice is no error.
     */
    void grant(String token);

    /** Takes a granted token back; a token that is not granted is no error. */
    void revoke(String token);

    /** Tokens the node currently accepts. */
    List<String> grantedTokens();

    /**
     * The handles the node holds now: for each open session, the ids of its handles. A session that
     * ends while it is being listed is left out.
     */
    Map<Long, List<Long>> handles();

    /**
     * What the node says of one handle now, with the statistics of its streams; empty when the
     * session or the handle no longer exists.
     */
    Optional<HandleInfo> handleInfo(long sessionId, long handleId);

    @Override
    void close();
}

package io.chroom.application.media;

import static io.chroom.application.ApiTime.seconds;

import io.chroom.application.MediaUnavailableException;
import io.chroom.application.analytics.MediaHandles;
import io.chroom.application.webhook.WebhookOutbox;
import io.chroom.application.webhook.WebhookSecrets;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.meeting.MediaGrant;
import io.chroom.domain.model.meeting.Meeting;
import io.chroom.domain.model.meeting.MeetingPlacement;
import io.chroom.domain.model.node.MediaNode;
import io.chroom.domain.model.node.Placement;
import io.chroom.domain.model.webhook.EventType;
import io.chroom.media.api.MediaNodeAddress;
import io.chroom.media.api.MediaNodeConnection;
import io.chroom.media.api.MediaNodeConnectionFactory;
import io.chroom.media.api.MediaNodeException;
import io.chroom.media.api.RoomParticipant;
import io.chroom.media.api.RoomSpec;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps each meeting's media on a node: makes its room where placement chose, grants its
 * participants' tokens there, moves it when the node goes down or drains, and tidies the node when
 * the meeting is over.
 *
 * <p>Every method runs in its caller's transaction, so what the database records and what the
 * meeting became commit together. Calls to a node are made inside that transaction: a room made for
 * a transaction that then rolls back is left on the node until its cleanup; a node that does not
 * answer when a meeting ends leaves its placement uncleaned, and {@link #cleanUp} tries again.
 */
@Stateless
@PermitAll
public class MediaRooms {

    private static final Logger LOG = Logger.getLogger(MediaRooms.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The first key of the advisory locks that order placements, one per meeting ("mplc"). */
    private static final int PLACEMENT_LOCK = 0x6d706c63;

    @PersistenceContext private EntityManager em;

    @Resource(lookup = "eis/chroom/media-nodes")
    private MediaNodeConnectionFactory nodes;

    @EJB private WebhookSecrets secrets;

    @EJB private WebhookOutbox outbox;

    @EJB private MediaHandles handles;

    /** The meeting's open placement, if it has one. */
    public Optional<MeetingPlacement> current(String meetingId) {
        return em.createQuery(
                        "select p from MeetingPlacement p where p.meetingId = :meeting"
                                + " and p.releasedAt is null",
                        MeetingPlacement.class)
                .setParameter("meeting", meetingId)
                .getResultStream()
                .findFirst();
    }

    /**
     * The meeting's open placement, placing it first when it has none. Requests that place the same
     * meeting at once (a host starting it while a guest joins) take turns on a lock of the meeting
     * for their transaction, so the second finds the first one's placement instead of making a
     * second room and failing on the one open placement a meeting may have.
     */
    public MeetingPlacement ensurePlaced(Meeting meeting, Instant now) {
        em.createNativeQuery("select pg_advisory_xact_lock(?1, hashtext(?2))")
                .setParameter(1, PLACEMENT_LOCK)
                .setParameter(2, meeting.id())
                .getSingleResult();
        return current(meeting.id())
                .orElseGet(() -> place(meeting, MeetingPlacement.PLACED, Set.of(), now));
    }

    /**
     * Puts a meeting on the best node that takes it and makes its room there; the meeting's active
     * grants are granted on the node too. A node that fails to make the room is passed over for the
     * next best.
     *
     * @throws MediaUnavailableException when no node can take the meeting
     */
    MeetingPlacement place(Meeting meeting, String reason, Set<String> excluded, Instant now) {
        Set<String> skip = new HashSet<>(excluded);
        int expected = meeting.participants().size() + 1;
        while (true) {
            Optional<Placement.Candidate> choice =
                    Placement.choose(
                            candidates(skip), meeting.nodePolicy(), meeting.region(), expected);
            if (choice.isEmpty()) {
                throw new MediaUnavailableException(
                        "No media node is up with room for meeting " + meeting.id() + " now.", 10);
            }
            MediaNode node = em.find(MediaNode.class, choice.get().nodeId());
            long roomId = 1 + (RANDOM.nextLong() & RoomSpec.MAX_ROOM_ID - 1);
            String roomSecret = Identifiers.random(32);
            String pin = Identifiers.random(12);
            try (MediaNodeConnection connection = connect(node)) {
                connection.createRoom(
                        new RoomSpec(
                                roomId,
                                "Chroom meeting " + meeting.id(),
                                roomSecret,
                                pin,
                                Math.max(4, Math.min(2 * expected, 200)),
                                meeting.e2ee()));
                for (String token : activeTokens(meeting.id(), now)) {
                    connection.grant(token);
                }
            } catch (MediaNodeException e) {
                LOG.log(
                        Level.WARNING,
                        "Node {0} could not take meeting {1} ({2}); trying another node",
                        new Object[] {node.id(), meeting.id(), e.getMessage()});
                skip.add(node.id());
                continue;
            }
            MeetingPlacement placement =
                    new MeetingPlacement(
                            meeting.id(),
                            node.id(),
                            roomId,
                            secrets.seal(roomSecret),
                            pin,
                            reason,
                            now);
            em.persist(placement);
            LOG.log(
                    Level.INFO,
                    "Meeting {0} placed on node {1} ({2})",
                    new Object[] {meeting.id(), node.id(), reason});
            return placement;
        }
    }

    /**
     * Moves a meeting off its node: the old room is destroyed where the node still answers, and the
     * meeting is placed on another node with the same tokens, so its clients reconnect with what
     * they hold.
     */
    public MeetingPlacement move(Meeting meeting, String reason, Instant now) {
        Optional<MeetingPlacement> old = current(meeting.id());
        Set<String> excluded = new HashSet<>();
        old.ifPresent(
                placement -> {
                    excluded.add(placement.nodeId());
                    placement.release(reason, now);
                    // Its clients connect again on the new node; their time there counts anew.
                    handles.closeOnNode(placement.nodeId(), meeting.id(), now);
                    em.flush();
                    tidy(placement, meeting.id(), now);
                });
        MeetingPlacement placed = place(meeting, reason, excluded, now);
        outbox.publish(
                meeting.accountId(),
                EventType.MEETING_MOVED,
                meeting.id(),
                new MediaEvent(
                        meeting.id(),
                        null,
                        null,
                        placed.nodeId(),
                        old.map(MeetingPlacement::nodeId).orElse(null),
                        reason,
                        seconds(now)));
        return placed;
    }

    /**
     * Closes the meeting's media for good: tokens revoked, room destroyed, placement released, and
     * the time of every handle still connected to it ended.
     */
    public void close(String meetingId, Instant now) {
        List<MediaGrant> grants = activeGrants(meetingId, now);
        Optional<MeetingPlacement> placement = current(meetingId);
        placement.ifPresent(p -> p.release(MeetingPlacement.MEETING_OVER, now));
        grants.forEach(grant -> grant.revoke(now));
        handles.closeMeeting(meetingId, now);
        placement.ifPresent(p -> tidy(p, meetingId, now));
    }

    /**
     * Admits a participant: a fresh token granted on the meeting's node (placing the meeting first
     * if needed) and recorded.
     */
    public Admission admit(
            Meeting meeting,
            String participantId,
            MediaGrant.Role role,
            Instant expiresAt,
            Instant now) {
        MeetingPlacement placement = ensurePlaced(meeting, now);
        MediaNode node = em.find(MediaNode.class, placement.nodeId());
        String token = "mt_" + Identifiers.random(43);
        try (MediaNodeConnection connection = connect(node)) {
            connection.grant(token);
        } catch (MediaNodeException e) {
            throw nodeSilent(meeting.id());
        }
        MediaGrant grant =
                new MediaGrant(
                        Identifiers.prefixed("mg_"),
                        meeting.id(),
                        participantId,
                        role,
                        MediaTokens.digest(token),
                        secrets.seal(token),
                        now,
                        expiresAt);
        em.persist(grant);
        outbox.publish(
                meeting.accountId(),
                EventType.PARTICIPANT_JOINED,
                meeting.id(),
                new MediaEvent(
                        meeting.id(),
                        participantId,
                        role.value(),
                        node.id(),
                        null,
                        null,
                        seconds(now)));
        return new Admission(grant, token, placement, node);
    }

    /** A participant admitted to a meeting's media, with where to connect. */
    public record Admission(
            MediaGrant grant, String token, MeetingPlacement placement, MediaNode node) {}

    /** The active grant behind a token a client presents, if any. */
    public Optional<MediaGrant> grantOf(String meetingId, String token, Instant now) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return em.createQuery(
                        "select g from MediaGrant g where g.tokenHash = :hash"
                                + " and g.meetingId = :meeting",
                        MediaGrant.class)
                .setParameter("hash", MediaTokens.digest(token))
                .setParameter("meeting", meetingId)
                .getResultStream()
                .filter(g -> g.isActive(now))
                .findFirst();
    }

    /**
     * Takes a participant out of the meeting's media: every token they hold is revoked, they are
     * disconnected from the room, and their connected time ends now. Answers how many grants were
     * revoked.
     */
    public int expel(String meetingId, String participantId, Instant now) {
        List<MediaGrant> grants =
                activeGrants(meetingId, now).stream()
                        .filter(g -> g.participantId().equals(participantId))
                        .toList();
        grants.forEach(g -> g.revoke(now));
        handles.closeParticipant(meetingId, participantId, now);
        if (!grants.isEmpty()) {
            Meeting meeting = em.find(Meeting.class, meetingId);
            Optional<MeetingPlacement> where = current(meetingId);
            outbox.publish(
                    meeting.accountId(),
                    EventType.PARTICIPANT_LEFT,
                    meetingId,
                    new MediaEvent(
                            meetingId,
                            participantId,
                            grants.get(0).role().value(),
                            where.map(MeetingPlacement::nodeId).orElse(null),
                            null,
                            "removed",
                            seconds(now)));
        }
        current(meetingId)
                .ifPresent(
                        placement ->
                                onNode(
                                        placement.nodeId(),
                                        meetingId,
                                        connection -> {
                                            for (MediaGrant grant : grants) {
                                                connection.revoke(
                                                        secrets.unseal(grant.tokenSealed()));
                                            }
                                            String secret =
                                                    secrets.unseal(placement.roomSecretSealed());
                                            for (RoomParticipant p :
                                                    connection.participants(placement.roomId())) {
                                                if (isSameParticipant(p, participantId)) {
                                                    connection.kick(
                                                            placement.roomId(), secret, p.id());
                                                }
                                            }
                                        }));
        return grants.size();
    }

    /** Mutes or unmutes a participant's audio or video for the rest of the room. */
    public void moderate(String meetingId, String participantId, String kind, boolean mute) {
        MeetingPlacement placement =
                current(meetingId)
                        .orElseThrow(
                                () ->
                                        new MediaUnavailableException(
                                                "Meeting " + meetingId + " has no media yet.", 5));
        MediaNode node = em.find(MediaNode.class, placement.nodeId());
        String secret = secrets.unseal(placement.roomSecretSealed());
        try (MediaNodeConnection connection = connect(node)) {
            for (RoomParticipant p : connection.participants(placement.roomId())) {
                if (isSameParticipant(p, participantId)) {
                    connection.moderate(placement.roomId(), secret, p.id(), kind, mute);
                }
            }
        } catch (MediaNodeException e) {
            throw nodeSilent(meetingId);
        }
    }

    /** The live meetings placed on a node now. */
    public List<String> meetingsOn(String nodeId) {
        return em.createQuery(
                        "select p.meetingId from MeetingPlacement p where p.nodeId = :node"
                                + " and p.releasedAt is null",
                        String.class)
                .setParameter("node", nodeId)
                .getResultList();
    }

    /**
     * Destroys rooms that were released but could not be destroyed then, at most {@code max};
     * answers how many are now clean.
     */
    public int cleanUp(int max, Instant now) {
        // Janus keeps no room across a restart, so a node that stayed away for a day holds none
        // of these rooms any more; they are not tried for ever.
        List<MeetingPlacement> pending =
                em.createQuery(
                                "select p from MeetingPlacement p where p.releasedAt is not null"
                                        + " and p.cleanedAt is null and p.releasedAt > :since"
                                        + " order by p.releasedAt",
                                MeetingPlacement.class)
                        .setParameter("since", now.minus(java.time.Duration.ofDays(1)))
                        .setMaxResults(max)
                        .getResultList();
        int cleaned = 0;
        for (MeetingPlacement placement : pending) {
            if (tidy(placement, placement.meetingId(), now, Level.FINE)) {
                cleaned++;
            }
        }
        return cleaned;
    }

    /**
     * On the node of a released placement: revokes the meeting's tokens and destroys the room.
     * Answers whether the node did both; if not, the placement stays uncleaned for a later try.
     */
    private boolean tidy(MeetingPlacement placement, String meetingId, Instant now) {
        return tidy(placement, meetingId, now, Level.WARNING);
    }

    /** The same, logging a node that does not answer at {@code level}. */
    private boolean tidy(MeetingPlacement placement, String meetingId, Instant now, Level level) {
        List<String> tokens =
                em
                        .createQuery(
                                "select g.tokenSealed from MediaGrant g where g.meetingId = :m",
                                byte[].class)
                        .setParameter("m", meetingId)
                        .getResultList()
                        .stream()
                        .map(secrets::unseal)
                        .toList();
        boolean done =
                onNode(
                        placement.nodeId(),
                        meetingId,
                        level,
                        connection -> {
                            connection.destroyRoom(
                                    placement.roomId(),
                                    secrets.unseal(placement.roomSecretSealed()));
                            for (String token : tokens) {
                                connection.revoke(token);
                            }
                        });
        if (done) {
            placement.cleaned(now);
        }
        return done;
    }

    /** Runs node calls for a meeting; answers false (and logs) when the node does not answer. */
    private boolean onNode(String nodeId, String meetingId, Consumer<MediaNodeConnection> work) {
        return onNode(nodeId, meetingId, Level.WARNING, work);
    }

    private boolean onNode(
            String nodeId, String meetingId, Level level, Consumer<MediaNodeConnection> work) {
        MediaNode node = em.find(MediaNode.class, nodeId);
        try (MediaNodeConnection connection = connect(node)) {
            work.accept(connection);
            return true;
        } catch (MediaNodeException e) {
            LOG.log(
                    level,
                    "Node {0} did not answer for meeting {1} ({2}); its room is cleaned up later",
                    new Object[] {nodeId, meetingId, e.getMessage()});
            return false;
        }
    }

    private static MediaUnavailableException nodeSilent(String meetingId) {
        return new MediaUnavailableException(
                "The media node of meeting " + meetingId + " did not answer; retry shortly.", 5);
    }

    private MediaNodeConnection connect(MediaNode node) {
        return nodes.getConnection(
                new MediaNodeAddress(
                        URI.create(node.controlUrl()), secrets.unseal(node.adminSecretSealed())));
    }

    private List<MediaGrant> activeGrants(String meetingId, Instant now) {
        return em.createQuery(
                        "select g from MediaGrant g where g.meetingId = :meeting"
                                + " and g.revokedAt is null and g.expiresAt > :now",
                        MediaGrant.class)
                .setParameter("meeting", meetingId)
                .setParameter("now", now)
                .getResultList();
    }

    private List<String> activeTokens(String meetingId, Instant now) {
        List<String> tokens = new ArrayList<>();
        for (MediaGrant grant : activeGrants(meetingId, now)) {
            tokens.add(secrets.unseal(grant.tokenSealed()));
        }
        return tokens;
    }

    /**
     * Nodes that take meetings, with the places their meetings hold: each meeting on a node holds
     * one place for its host and each invited participant, or one for each participant admitted
     * when more came, so that meetings placed a moment ago count before anyone joined them.
     */
    private List<Placement.Candidate> candidates(Set<String> excluded) {
        List<?> rows =
                em.createNativeQuery(
                                "select n.id, n.region, n.capacity, coalesce(a.held, 0),"
                                        + " n.price_per_participant_minute,"
                                        + " coalesce(n.stun_rtt_ms, n.control_rtt_ms)"
                                        + " from media_nodes n left join ("
                                        + " select p.node_id, sum(greatest("
                                        + " (select count(*) + 1 from meeting_participants i"
                                        + " where i.meeting_id = p.meeting_id),"
                                        + " (select count(*) from media_grants g"
                                        + " where g.meeting_id = p.meeting_id"
                                        + " and g.revoked_at is null and g.expires_at > now())))"
                                        + " as held"
                                        + " from meeting_placements p where p.released_at is null"
                                        + " group by p.node_id) a on a.node_id = n.id"
                                        + " where n.state = 'ACTIVE' and n.health = 'UP'")
                        .getResultList();
        List<Placement.Candidate> candidates = new ArrayList<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            if (excluded.contains((String) r[0])) {
                continue;
            }
            candidates.add(
                    new Placement.Candidate(
                            (String) r[0],
                            (String) r[1],
                            ((Number) r[2]).intValue(),
                            ((Number) r[3]).intValue(),
                            (BigDecimal) r[4],
                            r[5] == null ? null : ((Number) r[5]).intValue()));
        }
        return candidates;
    }

    /** Pages join with their participant id as display name; a screen share adds a suffix. */
    private static boolean isSameParticipant(RoomParticipant p, String participantId) {
        String display = p.display() == null ? "" : p.display();
        return display.equals(participantId) || display.startsWith(participantId + " (");
    }
}

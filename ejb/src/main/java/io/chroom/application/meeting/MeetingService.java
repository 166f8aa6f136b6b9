package io.chroom.application.meeting;

import static io.chroom.application.ApiTime.now;
import static io.chroom.application.ApiTime.seconds;

import io.chroom.application.Caller;
import io.chroom.application.Callers;
import io.chroom.application.Created;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.MediaUnavailableException;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.Page;
import io.chroom.application.PublicLinks;
import io.chroom.application.media.MediaRooms;
import io.chroom.application.webhook.WebhookOutbox;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.account.Scope;
import io.chroom.domain.model.meeting.Meeting;
import io.chroom.domain.model.meeting.MeetingPlacement;
import io.chroom.domain.model.meeting.MeetingStatus;
import io.chroom.domain.model.meeting.NodePolicy;
import io.chroom.domain.model.meeting.Participant;
import io.chroom.domain.model.node.MediaNode;
import io.chroom.domain.model.webhook.EventType;
import io.chroom.infrastructure.persistence.Cursor;
import io.chroom.infrastructure.persistence.IdempotencyStore;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Books and runs meetings for the calling account. Every method works only on the caller's own
 * meetings: another account's meeting is reported as not found.
 */
@Stateless
@DeclareRoles({Scope.MEETINGS_READ_ROLE, Scope.MEETINGS_WRITE_ROLE})
public class MeetingService {

    private static final Jsonb SNAPSHOTS = JsonbBuilder.create();
    private static final Logger LOG = Logger.getLogger(MeetingService.class.getName());

    @PersistenceContext private EntityManager em;

    @EJB private Callers callers;

    @EJB private PublicLinks links;

    @EJB private IdempotencyStore idempotency;

    @EJB private WebhookOutbox outbox;

    @EJB private MediaRooms rooms;

    /**
     * Creates a meeting; with an idempotency key, a repeat of the same request answers the meeting
     * the first one created.
     *
     * @param operation names the endpoint, so that one key cannot serve two kinds of request
     */
    @RolesAllowed(Scope.MEETINGS_WRITE_ROLE)
    public Created<MeetingView> create(
            MeetingRequest request, String idempotencyKey, String operation) {
        Caller caller = callers.current();
        rejectDuplicates("participants", request.participantList());

        if (idempotencyKey != null) {
            Optional<String> earlier =
                    idempotency.claim(
                            caller.accountId(),
                            idempotencyKey,
                            operation + "\n" + SNAPSHOTS.toJson(request));
            if (earlier.isPresent()) {
                return new Created<>(SNAPSHOTS.fromJson(earlier.get(), MeetingView.class), true);
            }
        }

        Instant now = now();
        Meeting meeting =
                new Meeting(
                        Identifiers.meetingId(),
                        caller.accountId(),
                        schedule(request),
                        request.participantList(),
                        now);
        em.persist(meeting);
        // A meeting just booked runs on no node yet.
        MeetingView view = view(meeting, null);
        outbox.publish(caller.accountId(), EventType.MEETING_CREATED, meeting.id(), view);

        if (idempotencyKey != null) {
            idempotency.complete(caller.accountId(), idempotencyKey, SNAPSHOTS.toJson(view));
        }
        return new Created<>(view, false);
    }

    @RolesAllowed(Scope.MEETINGS_READ_ROLE)
    public MeetingView get(String meetingId) {
        return view(owned(meetingId));
    }

    @RolesAllowed(Scope.MEETINGS_READ_ROLE)
    public Page<MeetingView> list(MeetingQuery query) {
        Caller caller = callers.current();
        // End the account's overdue meetings before filtering, so that a meeting whose time ran
        // out since the last clock tick is neither listed as live nor missing from ended.
        endOverdue(caller.accountId(), now());

        StringBuilder jpql =
                new StringBuilder("select m from Meeting m where m.accountId = :account");
        if (query.status() != null) {
            jpql.append(" and m.status = :status");
        }
        if (query.host() != null) {
            jpql.append(" and m.host = :host");
        }
        if (query.from() != null) {
            jpql.append(" and m.createdAt >= :from");
        }
        if (query.to() != null) {
            jpql.append(" and m.createdAt < :to");
        }
        Cursor after = query.cursor() == null ? null : Cursor.decode(query.cursor());
        if (after != null) {
            jpql.append(
                    " and (m.createdAt < :afterTime"
                            + " or (m.createdAt = :afterTime and m.id < :afterId))");
        }
        jpql.append(" order by m.createdAt desc, m.id desc");

        TypedQuery<Meeting> q =
                em.createQuery(jpql.toString(), Meeting.class)
                        .setParameter("account", caller.accountId())
                        .setMaxResults(query.limit() + 1);
        if (query.status() != null) {
            q.setParameter("status", status(query.status()));
        }
        if (query.host() != null) {
            q.setParameter("host", query.host());
        }
        if (query.from() != null) {
            q.setParameter("from", query.from());
        }
        if (query.to() != null) {
            q.setParameter("to", query.to());
        }
        if (after != null) {
            q.setParameter("afterTime", after.createdAt()).setParameter("afterId", after.id());
        }

        List<Meeting> found = q.getResultList();
        boolean more = found.size() > query.limit();
        List<Meeting> page = more ? found.subList(0, query.limit()) : found;
        Instant now = now();
        page.forEach(meeting -> endIfOver(meeting, now));
        Map<String, PlacementView> placed = placements(page);
        List<MeetingView> views = new ArrayList<>(page.size());
        for (Meeting meeting : page) {
            views.add(view(meeting, placed.get(meeting.id())));
        }
        Meeting last = more ? page.get(page.size() - 1) : null;
        return new Page<>(
                views, last == null ? null : new Cursor(last.createdAt(), last.id()).encode());
    }

    @RolesAllowed(Scope.MEETINGS_WRITE_ROLE)
    public MeetingView update(String meetingId, MeetingChanges changes) {
        Meeting meeting = owned(meetingId);
        Instant now = now();
        meeting.reschedule(
                new Meeting.Schedule(
                        changes.title() != null ? changes.title() : meeting.title(),
                        changes.host() != null ? changes.host() : meeting.host(),
                        changes.duration() != null ? changes.duration() : meeting.durationMinutes(),
                        changes.scheduledStart() != null
                                ? seconds(changes.scheduledStart().toInstant())
                                : meeting.scheduledStart(),
                        changes.e2ee() != null ? changes.e2ee() : meeting.e2ee(),
                        changes.region() != null ? changes.region() : meeting.region(),
                        changes.nodePolicy() != null
                                ? policy(changes.nodePolicy())
                                : meeting.nodePolicy()));
        if (changes.participants() != null) {
            rejectDuplicates("participants", changes.participants());
            meeting.replaceParticipants(changes.participants(), now);
        }
        endIfOver(meeting, now);
        return view(meeting);
    }

    @RolesAllowed(Scope.MEETINGS_WRITE_ROLE)
    public MeetingView cancel(String meetingId) {
        Meeting meeting = owned(meetingId);
        Instant now = now();
        meeting.cancel(now);
        rooms.close(meeting.id(), now);
        return announce(meeting, EventType.MEETING_CANCELLED);
    }

    @RolesAllowed(Scope.MEETINGS_WRITE_ROLE)
    public MeetingView start(String meetingId) {
        return start(owned(meetingId));
    }

    @RolesAllowed(Scope.MEETINGS_WRITE_ROLE)
    public MeetingView end(String meetingId) {
        return end(owned(meetingId));
    }

    /** The host page starts its meeting with the host link's credential instead of an API key. */
    @PermitAll
    public MeetingView startAsHost(String meetingId, String hostToken) {
        return start(hostMeeting(meetingId, hostToken));
    }

    @PermitAll
    public MeetingView endAsHost(String meetingId, String hostToken) {
        return end(hostMeeting(meetingId, hostToken));
    }

    /**
     * The account's meeting itself, for the join service in the caller's transaction; ended first
     * if its time has run out.
     */
    @PermitAll
    public Meeting ownedForMedia(String meetingId, String accountId) {
        Meeting meeting = em.find(Meeting.class, meetingId);
        if (meeting == null || !meeting.accountId().equals(accountId)) {
            throw new ObjectNotFoundException("meeting", meetingId);
        }
        endIfOver(meeting, now());
        return meeting;
    }

    /** Any meeting by id, for the pages that anyone with the link may open. */
    @PermitAll
    public Meeting publicMeeting(String meetingId) {
        Meeting meeting = em.find(Meeting.class, meetingId);
        if (meeting == null) {
            throw new ObjectNotFoundException("meeting", meetingId);
        }
        endIfOver(meeting, now());
        return meeting;
    }

    /**
     * Starts a meeting and puts it on a media node. With no node free the meeting is live all the
     * same; its first join places it, or answers 503 while no node can take it.
     */
    private MeetingView start(Meeting meeting) {
        Instant now = now();
        meeting.start(now);
        try {
            rooms.ensurePlaced(meeting, now);
        } catch (MediaUnavailableException e) {
            LOG.log(
                    Level.WARNING,
                    "Meeting {0} started without media: {1} It is placed when someone joins.",
                    new Object[] {meeting.id(), e.getMessage()});
        }
        return announce(meeting, EventType.MEETING_STARTED);
    }

    private MeetingView end(Meeting meeting) {
        Instant now = now();
        meeting.end(now);
        rooms.close(meeting.id(), now);
        return announce(meeting, EventType.MEETING_ENDED);
    }

    /**
     * The meeting whose host link's credential {@code hostToken} is; a wrong or expired credential
     * answers as a meeting that does not exist, since the link is all its holder has.
     */
    @PermitAll
    public Meeting hostMeeting(String meetingId, String hostToken) {
        Meeting meeting = publicMeeting(meetingId);
        if (!links.isValidHostToken(meetingId, hostToken, now())) {
            throw new ObjectNotFoundException("meeting", meetingId);
        }
        return meeting;
    }

    @RolesAllowed(Scope.MEETINGS_READ_ROLE)
    public List<ParticipantView> participants(String meetingId) {
        return participantViews(owned(meetingId));
    }

    /**
     * Every node the meeting was placed on, newest first: when it came and left, and why. A meeting
     * that was never placed has none.
     */
    @RolesAllowed(Scope.MEETINGS_READ_ROLE)
    public Page<PlacementRecord> placementHistory(String meetingId, int limit, String cursor) {
        Meeting meeting = owned(meetingId);
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        long afterId = after == null ? 0 : placementId(after);
        TypedQuery<Object[]> query =
                em.createQuery(
                                "select p, n from MeetingPlacement p, MediaNode n"
                                        + " where n.id = p.nodeId and p.meetingId = :meeting"
                                        + (after == null
                                                ? ""
                                                : " and (p.placedAt < :t or (p.placedAt = :t"
                                                        + " and p.id < :id))")
                                        + " order by p.placedAt desc, p.id desc",
                                Object[].class)
                        .setParameter("meeting", meeting.id())
                        .setMaxResults(limit + 1);
        if (after != null) {
            query.setParameter("t", after.createdAt()).setParameter("id", afterId);
        }
        List<Object[]> rows = query.getResultList();
        boolean more = rows.size() > limit;
        List<PlacementRecord> page = new ArrayList<>();
        MeetingPlacement last = null;
        for (Object[] row : rows.subList(0, Math.min(limit, rows.size()))) {
            MeetingPlacement p = (MeetingPlacement) row[0];
            MediaNode n = (MediaNode) row[1];
            page.add(
                    new PlacementRecord(
                            n.id(),
                            n.name(),
                            n.region(),
                            p.roomId(),
                            seconds(p.placedAt()),
                            seconds(p.releasedAt()),
                            p.reason(),
                            p.releaseReason(),
                            p.isCurrent()));
            last = p;
        }
        return new Page<>(
                page, more ? new Cursor(last.placedAt(), Long.toString(last.id())).encode() : null);
    }

    private static long placementId(Cursor cursor) {
        try {
            return Long.parseLong(cursor.id());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(
                    "cursor", "cursor is not valid; pass the next_cursor of a previous page.");
        }
    }

    /** Invites a participant; inviting someone already invited changes nothing. */
    @RolesAllowed(Scope.MEETINGS_WRITE_ROLE)
    public ParticipantView addParticipant(String meetingId, ParticipantRequest request) {
        Meeting meeting = owned(meetingId);
        meeting.invite(List.of(request.participantId()), now());
        Participant participant = meeting.participant(request.participantId()).orElseThrow();
        return new ParticipantView(participant.participantId(), seconds(participant.addedAt()));
    }

    @RolesAllowed(Scope.MEETINGS_WRITE_ROLE)
    public void removeParticipant(String meetingId, String participantId) {
        Meeting meeting = owned(meetingId);
        if (!meeting.remove(participantId)) {
            throw new ObjectNotFoundException("participant", participantId);
        }
        rooms.expel(meetingId, participantId, now());
    }

    /** Whether {@code token} lets its bearer start the meeting as host, for the host page. */
    @PermitAll
    public boolean isHostToken(String meetingId, String token) {
        return links.isValidHostToken(meetingId, token, now());
    }

    /** Public facts about a meeting for its join page, which anyone with the link may open. */
    @PermitAll
    public Optional<MeetingView> publicView(String meetingId) {
        Meeting meeting = em.find(Meeting.class, meetingId);
        if (meeting == null) {
            return Optional.empty();
        }
        endIfOver(meeting, now());
        return Optional.of(view(meeting));
    }

    /** Ends the account's overdue meetings one by one, so each end is announced and tidied. */
    private void endOverdue(String accountId, Instant now) {
        em.createQuery(
                        "select m from Meeting m where m.accountId = :account"
                                + " and m.status = :live and m.endsAt <= :now",
                        Meeting.class)
                .setParameter("account", accountId)
                .setParameter("live", MeetingStatus.LIVE)
                .setParameter("now", now)
                .getResultList()
                .forEach(meeting -> endIfOver(meeting, now));
    }

    /** Loads the caller's meeting, ending it first if its time has run out. */
    private Meeting owned(String meetingId) {
        Caller caller = callers.current();
        Meeting meeting = em.find(Meeting.class, meetingId);
        if (meeting == null || !meeting.accountId().equals(caller.accountId())) {
            throw new ObjectNotFoundException("meeting", meetingId);
        }
        endIfOver(meeting, now());
        return meeting;
    }

    /** Ends a meeting whose time has run out, and tells the account's webhooks. */
    private void endIfOver(Meeting meeting, Instant now) {
        if (meeting.endIfOver(now)) {
            rooms.close(meeting.id(), now);
            announce(meeting, EventType.MEETING_ENDED);
        }
    }

    /** Records a meeting's change of state for the account's webhooks; answers its view. */
    private MeetingView announce(Meeting meeting, EventType type) {
        MeetingView view = view(meeting);
        outbox.publish(meeting.accountId(), type, meeting.id(), view);
        return view;
    }

    /** Ends overdue live meetings, at most {@code max}; answers how many it ended. */
    @PermitAll
    public int endOverdue(Instant now, int max) {
        List<Meeting> overdue =
                em.createQuery(
                                "select m from Meeting m where m.status = :live"
                                        + " and m.endsAt <= :now order by m.endsAt",
                                Meeting.class)
                        .setParameter("live", MeetingStatus.LIVE)
                        .setParameter("now", now)
                        .setMaxResults(max)
                        .getResultList();
        overdue.forEach(meeting -> endIfOver(meeting, now));
        return overdue.size();
    }

    private MeetingView view(Meeting meeting) {
        return view(meeting, placements(List.of(meeting)).get(meeting.id()));
    }

    /** Where each of these meetings runs now, in one query. */
    private Map<String, PlacementView> placements(List<Meeting> page) {
        if (page.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows =
                em.createQuery(
                                "select p, n from MeetingPlacement p, MediaNode n"
                                        + " where n.id = p.nodeId and p.releasedAt is null"
                                        + " and p.meetingId in :ids",
                                Object[].class)
                        .setParameter("ids", page.stream().map(Meeting::id).toList())
                        .getResultList();
        return rows.stream()
                .collect(
                        Collectors.toMap(
                                row -> ((MeetingPlacement) row[0]).meetingId(),
                                row -> {
                                    MeetingPlacement p = (MeetingPlacement) row[0];
                                    MediaNode n = (MediaNode) row[1];
                                    return new PlacementView(
                                            n.id(), n.region(), p.roomId(), seconds(p.placedAt()));
                                },
                                (a, b) -> a));
    }

    private MeetingView view(Meeting meeting, PlacementView placement) {
        return new MeetingView(
                meeting.id(),
                meeting.status().value(),
                links.startUrl(meeting),
                links.joinUrl(meeting),
                meeting.title(),
                meeting.host(),
                meeting.participants().stream().map(Participant::participantId).toList(),
                meeting.durationMinutes(),
                seconds(meeting.createdAt()),
                meeting.scheduledStart(),
                meeting.e2ee(),
                meeting.region(),
                meeting.nodePolicy().value(),
                seconds(meeting.startedAt()),
                seconds(meeting.endsAt()),
                seconds(meeting.endedAt()),
                seconds(meeting.cancelledAt()),
                placement);
    }

    private static List<ParticipantView> participantViews(Meeting meeting) {
        return meeting.participants().stream()
                .map(p -> new ParticipantView(p.participantId(), seconds(p.addedAt())))
                .toList();
    }

    private static Meeting.Schedule schedule(MeetingRequest request) {
        return new Meeting.Schedule(
                request.title(),
                request.host(),
                request.duration(),
                request.scheduledStart() == null
                        ? null
                        : seconds(request.scheduledStart().toInstant()),
                Boolean.TRUE.equals(request.e2ee()),
                request.region(),
                request.nodePolicy() == null
                        ? NodePolicy.LEAST_LOADED
                        : policy(request.nodePolicy()));
    }

    private static void rejectDuplicates(String field, List<String> ids) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new InvalidRequestException(
                        field, field + " must not contain duplicates; '" + id + "' appears twice.");
            }
        }
    }

    private static NodePolicy policy(String value) {
        return NodePolicy.valueOf(value.toUpperCase(Locale.ROOT));
    }

    private static MeetingStatus status(String value) {
        for (MeetingStatus status : MeetingStatus.values()) {
            if (status.value().equals(value)) {
                return status;
            }
        }
        throw new InvalidRequestException(
                "status", "status must be one of created, live, ended or cancelled.");
    }
}

package io.chroom.application.meeting;

import io.chroom.application.Caller;
import io.chroom.application.Callers;
import io.chroom.application.Created;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.Page;
import io.chroom.application.PublicLinks;
import io.chroom.application.webhook.WebhookOutbox;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.account.Scope;
import io.chroom.domain.model.meeting.Meeting;
import io.chroom.domain.model.meeting.MeetingStatus;
import io.chroom.domain.model.meeting.NodePolicy;
import io.chroom.domain.model.meeting.Participant;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Books and runs meetings for the calling account. Every method works only on the caller's own
 * meetings: another account's meeting is reported as not found.
 */
@Stateless
@DeclareRoles({Scope.MEETINGS_READ_ROLE, Scope.MEETINGS_WRITE_ROLE})
public class MeetingService {

    private static final Jsonb SNAPSHOTS = JsonbBuilder.create();

    @PersistenceContext private EntityManager em;

    @EJB private Callers callers;

    @EJB private PublicLinks links;

    @EJB private IdempotencyStore idempotency;

    @EJB private WebhookOutbox outbox;

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
        MeetingView view = view(meeting);
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
        List<MeetingView> views = new ArrayList<>(page.size());
        for (Meeting meeting : page) {
            endIfOver(meeting, now);
            views.add(view(meeting));
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
        meeting.cancel(now());
        return announce(meeting, EventType.MEETING_CANCELLED);
    }

    @RolesAllowed(Scope.MEETINGS_WRITE_ROLE)
    public MeetingView start(String meetingId) {
        Meeting meeting = owned(meetingId);
        meeting.start(now());
        return announce(meeting, EventType.MEETING_STARTED);
    }

    @RolesAllowed(Scope.MEETINGS_WRITE_ROLE)
    public MeetingView end(String meetingId) {
        Meeting meeting = owned(meetingId);
        meeting.end(now());
        return announce(meeting, EventType.MEETING_ENDED);
    }

    @RolesAllowed(Scope.MEETINGS_READ_ROLE)
    public List<ParticipantView> participants(String meetingId) {
        return participantViews(owned(meetingId));
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

    private void endOverdue(String accountId, Instant now) {
        em.createQuery(
                        "update Meeting m set m.status ="
                                + " io.chroom.domain.model.meeting.MeetingStatus.ENDED,"
                                + " m.endedAt = m.endsAt, m.version = m.version + 1"
                                + " where m.accountId = :account and m.status ="
                                + " io.chroom.domain.model.meeting.MeetingStatus.LIVE"
                                + " and m.endsAt <= :now")
                .setParameter("account", accountId)
                .setParameter("now", now)
                .executeUpdate();
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
                seconds(meeting.cancelledAt()));
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

    /** Database time has microseconds; keeping the same precision makes cursors exact. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant seconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS);
    }
}

package io.chroom.domain.model.meeting;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A meeting an account has booked on the network: the aggregate root of scheduling.
 *
 * <p>A meeting is created with a host, a list of invited participants and a duration in whole
 * minutes. It moves {@code created → live → ended}, or {@code created → cancelled}; any other move
 * is refused with {@link IllegalTransitionException}. Once live, it ends by itself when its
 * duration has passed since it started ({@link #endIfOver}), or earlier on request.
 *
 * <p>At most {@value #MAX_PARTICIPANTS} participants are invited, each once. An ended or cancelled
 * meeting no longer changes.
 */
@Entity
@Table(name = "meetings")
public class Meeting {

    public static final int MAX_PARTICIPANTS = 1000;

    @Id private String id;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(nullable = false)
    private String title;

    @Column(name = "host_id", nullable = false)
    private String host;

    @Column(name = "duration_minutes", nullable = false)
    private int durationMinutes;

    @Column(name = "scheduled_start")
    private Instant scheduledStart;

    @Column(nullable = false)
    private boolean e2ee;

    private String region;

    @Enumerated(EnumType.STRING)
    @Column(name = "node_policy", nullable = false)
    private NodePolicy nodePolicy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private MeetingStatus status;

    @ElementCollection
    @CollectionTable(name = "meeting_participants", joinColumns = @JoinColumn(name = "meeting_id"))
    @OrderBy("addedAt, participantId")
    private Set<Participant> participants = new LinkedHashSet<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "ends_at")
    private Instant endsAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(name = "cancelled_at")
    private Instant cancelledAt;

    @Version private long version;

    protected Meeting() {}

    public Meeting(
            String id, String accountId, Schedule schedule, List<String> invited, Instant now) {
        this.id = id;
        this.accountId = accountId;
        this.status = MeetingStatus.CREATED;
        this.createdAt = now;
        reschedule(schedule);
        invite(invited, now);
    }

    /** What the integrator chose for a meeting, apart from who is invited. */
    public record Schedule(
            String title,
            String host,
            int durationMinutes,
            Instant scheduledStart,
            boolean e2ee,
            String region,
            NodePolicy nodePolicy) {}

    /** Replaces title, host, duration and placement preferences; only before the meeting ends. */
    public void reschedule(Schedule schedule) {
        requireOpen("changed");
        this.title = schedule.title();
        this.host = schedule.host();
        this.durationMinutes = schedule.durationMinutes();
        this.scheduledStart = schedule.scheduledStart();
        this.e2ee = schedule.e2ee();
        this.region = schedule.region();
        this.nodePolicy = schedule.nodePolicy();
        if (status == MeetingStatus.LIVE) {
            this.endsAt = startedAt.plus(Duration.ofMinutes(durationMinutes));
        }
    }

    /**
     * Invites participants not invited yet and ignores those who are.
     *
     * @throws ParticipantLimitException when the meeting would exceed its participant limit
     */
    public void invite(Collection<String> participantIds, Instant now) {
        requireOpen("changed");
        Set<Participant> added = new LinkedHashSet<>(participants);
        for (String participantId : participantIds) {
            added.add(new Participant(participantId, now));
        }
        if (added.size() > MAX_PARTICIPANTS) {
            throw new ParticipantLimitException(MAX_PARTICIPANTS);
        }
        participants.addAll(added);
    }

    /** Replaces the invitation list with exactly {@code participantIds}. */
    public void replaceParticipants(Collection<String> participantIds, Instant now) {
        requireOpen("changed");
        participants.removeIf(p -> !participantIds.contains(p.participantId()));
        invite(participantIds, now);
    }

    /** Withdraws an invitation; answers whether the participant was invited. */
    public boolean remove(String participantId) {
        requireOpen("changed");
        return participants.removeIf(p -> p.participantId().equals(participantId));
    }

    public Optional<Participant> participant(String participantId) {
        return participants.stream()
                .filter(p -> p.participantId().equals(participantId))
                .findFirst();
    }

    public void start(Instant now) {
        if (status != MeetingStatus.CREATED) {
            throw new IllegalTransitionException(status, "started");
        }
        status = MeetingStatus.LIVE;
        startedAt = now;
        endsAt = now.plus(Duration.ofMinutes(durationMinutes));
    }

    public void end(Instant now) {
        if (status != MeetingStatus.LIVE) {
            throw new IllegalTransitionException(status, "ended");
        }
        status = MeetingStatus.ENDED;
        endedAt = now.isBefore(endsAt) ? now : endsAt;
    }

    public void cancel(Instant now) {
        if (status != MeetingStatus.CREATED) {
            throw new IllegalTransitionException(status, "cancelled");
        }
        status = MeetingStatus.CANCELLED;
        cancelledAt = now;
    }

    /** Ends a live meeting whose duration has run out; answers whether it did. */
    public boolean endIfOver(Instant now) {
        if (status == MeetingStatus.LIVE && !now.isBefore(endsAt)) {
            end(now);
            return true;
        }
        return false;
    }

    /** When the host's start link stops working: an hour after the planned end. */
    public Instant hostLinkExpiry() {
        Instant plannedStart =
                startedAt != null
                        ? startedAt
                        : scheduledStart != null && scheduledStart.isAfter(createdAt)
                                ? scheduledStart
                                : createdAt;
        return plannedStart.plus(Duration.ofMinutes(durationMinutes + 60L));
    }

    private void requireOpen(String action) {
        if (status == MeetingStatus.ENDED || status == MeetingStatus.CANCELLED) {
            throw new IllegalTransitionException(status, action);
        }
    }

    public String id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public String title() {
        return title;
    }

    public String host() {
        return host;
    }

    public int durationMinutes() {
        return durationMinutes;
    }

    public Instant scheduledStart() {
        return scheduledStart;
    }

    public boolean e2ee() {
        return e2ee;
    }

    public String region() {
        return region;
    }

    public NodePolicy nodePolicy() {
        return nodePolicy;
    }

    public MeetingStatus status() {
        return status;
    }

    public Set<Participant> participants() {
        return java.util.Collections.unmodifiableSet(participants);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant endsAt() {
        return endsAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public Instant cancelledAt() {
        return cancelledAt;
    }

    public long version() {
        return version;
    }
}

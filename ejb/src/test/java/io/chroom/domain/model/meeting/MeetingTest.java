package io.chroom.domain.model.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MeetingTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private static Meeting.Schedule schedule(int minutes) {
        return new Meeting.Schedule(
                "Weekly sync", "u-42", minutes, null, false, null, NodePolicy.LEAST_LOADED);
    }

    private static Meeting meeting(int minutes, String... participants) {
        return new Meeting("m1", "acc_1", schedule(minutes), List.of(participants), T0);
    }

    private static List<String> ids(Meeting meeting) {
        return meeting.participants().stream().map(Participant::participantId).toList();
    }

    @Test
    void aNewMeetingIsCreatedWithItsParticipantsInOrder() {
        Meeting m = meeting(30, "u-7", "u-9");
        assertEquals(MeetingStatus.CREATED, m.status());
        assertEquals(List.of("u-7", "u-9"), ids(m));
        assertEquals(T0, m.createdAt());
        assertNull(m.startedAt());
        assertNull(m.endsAt());
    }

    @Test
    void startingMakesItLiveUntilItsDurationHasPassed() {
        Meeting m = meeting(30);
        Instant start = T0.plusSeconds(60);
        m.start(start);
        assertEquals(MeetingStatus.LIVE, m.status());
        assertEquals(start, m.startedAt());
        assertEquals(start.plus(Duration.ofMinutes(30)), m.endsAt());
    }

    @Test
    void endingALiveMeetingRecordsWhen() {
        Meeting m = meeting(30);
        m.start(T0);
        m.end(T0.plusSeconds(600));
        assertEquals(MeetingStatus.ENDED, m.status());
        assertEquals(T0.plusSeconds(600), m.endedAt());
    }

    @Test
    void anEndRequestedAfterTheTimeRanOutEndsItWhenTheTimeRanOut() {
        Meeting m = meeting(30);
        m.start(T0);
        m.end(T0.plus(Duration.ofHours(2)));
        assertEquals(T0.plus(Duration.ofMinutes(30)), m.endedAt());
    }

    @Test
    void aLiveMeetingEndsItselfOnceItsDurationHasPassed() {
        Meeting m = meeting(30);
        m.start(T0);
        assertFalse(m.endIfOver(T0.plus(Duration.ofMinutes(30)).minusNanos(1000)), "not yet");
        assertEquals(MeetingStatus.LIVE, m.status());
        assertTrue(m.endIfOver(T0.plus(Duration.ofMinutes(30))), "exactly at its end");
        assertEquals(MeetingStatus.ENDED, m.status());
        assertEquals(T0.plus(Duration.ofMinutes(30)), m.endedAt());
        assertFalse(m.endIfOver(T0.plus(Duration.ofHours(1))), "ends once");
    }

    @Test
    void onlyALiveMeetingEndsByItself() {
        Meeting m = meeting(1);
        assertFalse(m.endIfOver(T0.plus(Duration.ofDays(1))));
        assertEquals(MeetingStatus.CREATED, m.status());
    }

    @Test
    void aMeetingThatHasNotStartedCanBeCancelled() {
        Meeting m = meeting(30);
        m.cancel(T0.plusSeconds(5));
        assertEquals(MeetingStatus.CANCELLED, m.status());
        assertEquals(T0.plusSeconds(5), m.cancelledAt());
    }

    @Test
    void movesTheStateDoesNotAllowAreRefused() {
        Meeting created = meeting(30);
        assertRefused(() -> created.end(T0), MeetingStatus.CREATED);

        Meeting live = meeting(30);
        live.start(T0);
        assertRefused(() -> live.start(T0), MeetingStatus.LIVE);
        assertRefused(() -> live.cancel(T0), MeetingStatus.LIVE);

        Meeting ended = meeting(30);
        ended.start(T0);
        ended.end(T0);
        assertRefused(() -> ended.start(T0), MeetingStatus.ENDED);
        assertRefused(() -> ended.end(T0), MeetingStatus.ENDED);
        assertRefused(() -> ended.cancel(T0), MeetingStatus.ENDED);
        assertRefused(() -> ended.reschedule(schedule(10)), MeetingStatus.ENDED);
        assertRefused(() -> ended.invite(List.of("x"), T0), MeetingStatus.ENDED);
        assertRefused(() -> ended.remove("x"), MeetingStatus.ENDED);

        Meeting cancelled = meeting(30);
        cancelled.cancel(T0);
        assertRefused(() -> cancelled.start(T0), MeetingStatus.CANCELLED);
        assertRefused(() -> cancelled.cancel(T0), MeetingStatus.CANCELLED);
        assertRefused(() -> cancelled.end(T0), MeetingStatus.CANCELLED);
        assertRefused(
                () -> cancelled.replaceParticipants(List.of("x"), T0), MeetingStatus.CANCELLED);
        assertEquals(MeetingStatus.CANCELLED, cancelled.status(), "a refused move changes nothing");
    }

    @Test
    void reschedulingALiveMeetingMovesItsEnd() {
        Meeting m = meeting(30);
        m.start(T0);
        m.reschedule(schedule(45));
        assertEquals(T0.plus(Duration.ofMinutes(45)), m.endsAt());
        assertEquals(MeetingStatus.LIVE, m.status());
    }

    @Test
    void invitingSomeoneAgainChangesNothing() {
        Meeting m = meeting(30, "a");
        Instant later = T0.plusSeconds(60);
        m.invite(List.of("a", "b"), later);
        assertEquals(List.of("a", "b"), ids(m));
        assertEquals(T0, m.participant("a").orElseThrow().addedAt(), "the first invitation");
        assertEquals(later, m.participant("b").orElseThrow().addedAt());
    }

    @Test
    void aMeetingHasAtMostAThousandParticipants() {
        List<String> thousand = IntStream.range(0, 1000).mapToObj(i -> "p" + i).toList();
        Meeting m = new Meeting("m1", "acc_1", schedule(30), thousand, T0);
        assertEquals(1000, m.participants().size());

        assertThrows(ParticipantLimitException.class, () -> m.invite(List.of("one-more"), T0));
        assertEquals(1000, m.participants().size(), "a refused invitation adds nobody");
        m.invite(List.of("p5"), T0);
        assertEquals(1000, m.participants().size(), "re-inviting at the limit is fine");

        List<String> tooMany = IntStream.range(0, 1001).mapToObj(i -> "p" + i).toList();
        assertThrows(
                ParticipantLimitException.class,
                () -> new Meeting("m2", "acc_1", schedule(30), tooMany, T0));
    }

    @Test
    void replacingParticipantsKeepsThoseWhoStay() {
        Meeting m = meeting(30, "a", "b");
        Instant later = T0.plusSeconds(60);
        m.replaceParticipants(List.of("b", "c"), later);
        assertEquals(List.of("b", "c"), ids(m));
        assertEquals(T0, m.participant("b").orElseThrow().addedAt(), "b stays invited since T0");
        assertTrue(m.participant("a").isEmpty());
    }

    @Test
    void removingAnswersWhetherTheParticipantWasInvited() {
        Meeting m = meeting(30, "a");
        assertTrue(m.remove("a"));
        assertFalse(m.remove("a"));
        assertTrue(m.participants().isEmpty());
    }

    @Test
    void theParticipantListCannotBeChangedFromOutside() {
        Meeting m = meeting(30, "a");
        assertThrows(
                UnsupportedOperationException.class,
                () -> m.participants().add(new Participant("x", T0)));
    }

    @Test
    void theHostLinkExpiresAnHourAfterThePlannedEnd() {
        Meeting unscheduled = meeting(30);
        assertEquals(T0.plus(Duration.ofMinutes(90)), unscheduled.hostLinkExpiry());

        Instant tomorrow = T0.plus(Duration.ofDays(1));
        Meeting scheduled =
                new Meeting(
                        "m2",
                        "acc_1",
                        new Meeting.Schedule(
                                "T", "h", 30, tomorrow, false, null, NodePolicy.LOWEST_PRICE),
                        List.of(),
                        T0);
        assertEquals(tomorrow.plus(Duration.ofMinutes(90)), scheduled.hostLinkExpiry());

        Instant startedEarly = T0.plusSeconds(120);
        scheduled.start(startedEarly);
        assertEquals(
                startedEarly.plus(Duration.ofMinutes(90)),
                scheduled.hostLinkExpiry(),
                "once started, the real start counts");
    }

    @Test
    void participantsAreEqualByIdAlone() {
        assertEquals(new Participant("a", T0), new Participant("a", T0.plusSeconds(1)));
        assertEquals(
                new Participant("a", T0).hashCode(),
                new Participant("a", T0.plusSeconds(1)).hashCode());
    }

    private static void assertRefused(Runnable move, MeetingStatus from) {
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class, move::run);
        assertEquals(from, e.from());
        assertTrue(e.getMessage().contains(from.value()), e.getMessage());
    }
}

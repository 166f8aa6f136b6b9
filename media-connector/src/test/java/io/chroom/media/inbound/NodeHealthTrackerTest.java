package io.chroom.media.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.media.api.MediaNodeAddress;
import io.chroom.media.api.NodeEvent;
import io.chroom.media.api.NodeEvent.Kind;
import io.chroom.media.api.NodeHealth;
import io.chroom.media.api.NodeInfo;
import io.chroom.media.api.WatchedNode;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeHealthTrackerTest {

    private static final URI TURN = URI.create("turn:10.99.0.2:3478");

    private final NodeHealthTracker tracker = new NodeHealthTracker(2);

    @Test
    void reportsDownOnlyAfterTheConfiguredFailuresInARow() {
        WatchedNode up = node(Kind.UP, TURN);

        assertEquals(Optional.empty(), tracker.observe(up, unreachable()), "one failure is ok");
        assertEquals(1, tracker.failures("n1"));
        assertEquals(Kind.DOWN, kindOf(tracker.observe(up, unreachable())), "second failure");
        assertEquals(
                Optional.empty(),
                tracker.observe(node(Kind.DOWN, TURN), unreachable()),
                "a node the application knows is down raises nothing more");
    }

    @Test
    void aPassingRoundBetweenFailuresStartsTheCountAgain() {
        WatchedNode up = node(Kind.UP, TURN);

        tracker.observe(up, unreachable());
        tracker.observe(up, healthy(1, 2));

        assertEquals(0, tracker.failures("n1"), "a passing round resets the count");
        assertEquals(Optional.empty(), tracker.observe(up, unreachable()));
    }

    @Test
    void reportsUpOnTheFirstPassingRoundAfterDown() {
        WatchedNode down = node(Kind.DOWN, TURN);

        tracker.observe(down, unreachable());
        tracker.observe(down, unreachable());

        assertEquals(Kind.UP, kindOf(tracker.observe(down, healthy(0, 0))));
    }

    @Test
    void reportsDegradedWhenControlAnswersButTurnFails() {
        NodeHealth turnFailed =
                new NodeHealth(Instant.now(), true, 3, 1, false, load(0, 0), "TURN: refused");

        assertEquals(Kind.DEGRADED, kindOf(tracker.observe(node(Kind.UP, TURN), turnFailed)));
        assertEquals(
                Optional.empty(),
                tracker.observe(node(Kind.DEGRADED, TURN), turnFailed),
                "a known degraded node raises nothing while its load is the same");
        assertEquals(Kind.UP, kindOf(tracker.observe(node(Kind.DEGRADED, TURN), healthy(0, 0))));
    }

    @Test
    void aNodeWithoutTurnServerIsUpOnItsControlApiAlone() {
        NodeHealth controlOnly =
                new NodeHealth(Instant.now(), true, 3, -1, false, load(0, 0), null);

        assertEquals(Kind.UP, kindOf(tracker.observe(node(Kind.DOWN, null), controlOnly)));
    }

    @Test
    void reportsLoadChangesBetweenRoundsOnly() {
        WatchedNode up = node(Kind.UP, TURN);

        assertEquals(
                Kind.LOAD_CHANGED,
                kindOf(tracker.observe(up, healthy(2, 4))),
                "the first round reports what it found");
        assertEquals(Optional.empty(), tracker.observe(up, healthy(2, 4)), "same load");

        Optional<NodeEvent> participants = tracker.observe(up, healthy(2, 5));
        assertEquals(Kind.LOAD_CHANGED, kindOf(participants), "participants changed");
        assertEquals(5, participants.get().health().info().participants());

        assertEquals(Kind.LOAD_CHANGED, kindOf(tracker.observe(up, healthy(3, 5))), "sessions");
        assertEquals(Optional.empty(), tracker.observe(up, healthy(3, 5)));
    }

    @Test
    void reportsAStunRoundTripThatMovedByHalfAndAtLeastTenMilliseconds() {
        WatchedNode up = node(Kind.UP, TURN);
        tracker.observe(up, withStunRtt(300));

        assertEquals(Optional.empty(), tracker.observe(up, withStunRtt(200)), "a third less");
        Optional<NodeEvent> settled = tracker.observe(up, withStunRtt(2));
        assertEquals(Kind.LOAD_CHANGED, kindOf(settled), "from 300 ms down to 2 ms");
        assertEquals(2, settled.get().health().stunRttMillis());
        assertEquals(Optional.empty(), tracker.observe(up, withStunRtt(9)), "within 10 ms");
        assertEquals(Kind.LOAD_CHANGED, kindOf(tracker.observe(up, withStunRtt(40))));
    }

    @Test
    void reportsANodeThatStaysTheSameEverySixRounds() {
        WatchedNode up = node(Kind.UP, TURN);
        tracker.observe(up, healthy(1, 1));

        for (int round = 1; round < NodeHealthTracker.HEARTBEAT_ROUNDS; round++) {
            assertEquals(Optional.empty(), tracker.observe(up, healthy(1, 1)), "round " + round);
        }
        assertEquals(Kind.LOAD_CHANGED, kindOf(tracker.observe(up, healthy(1, 1))), "heartbeat");
        assertEquals(Optional.empty(), tracker.observe(up, healthy(1, 1)), "and quiet again");
    }

    @Test
    void forgetsNodesNoLongerWatched() {
        WatchedNode up = node(Kind.UP, TURN);
        tracker.observe(up, unreachable());

        tracker.retainOnly(Set.of("other"));

        assertEquals(0, tracker.failures("n1"));
        assertTrue(tracker.observe(up, unreachable()).isEmpty(), "the count starts again");
    }

    private static Kind kindOf(Optional<NodeEvent> event) {
        assertTrue(event.isPresent(), "an event was expected");
        assertEquals("n1", event.get().nodeId());
        return event.get().kind();
    }

    private static WatchedNode node(Kind lastKnown, URI turn) {
        return new WatchedNode(
                "n1",
                new MediaNodeAddress(URI.create("http://10.99.0.2:7088/admin"), "secret"),
                turn,
                turn == null ? null : "turn-secret",
                lastKnown);
    }

    private static NodeHealth healthy(int sessions, int participants) {
        return new NodeHealth(Instant.now(), true, 2, 1, true, load(sessions, participants), null);
    }

    private static NodeHealth withStunRtt(long millis) {
        return new NodeHealth(Instant.now(), true, 2, millis, true, load(1, 1), null);
    }

    private static NodeHealth unreachable() {
        return new NodeHealth(Instant.now(), false, -1, -1, false, null, "refused");
    }

    private static NodeInfo load(int sessions, int participants) {
        return new NodeInfo("Janus WebRTC Server", "1.1.2", sessions, 1, participants);
    }
}

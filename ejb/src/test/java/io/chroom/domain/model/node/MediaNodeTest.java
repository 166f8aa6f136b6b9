package io.chroom.domain.model.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MediaNodeTest {

    private final MediaNode node =
            new MediaNode(
                    "node_1",
                    new MediaNode.Profile(
                            "n",
                            "eu",
                            "https://n.example/janus",
                            "https://n.example/admin",
                            "turn:n.example:3478",
                            10,
                            "0x00000000000000000000000000000000000000a1",
                            new BigDecimal("0.001")),
                    new byte[] {1},
                    new byte[] {2},
                    Instant.EPOCH);

    private static MediaNode.Observation seen(NodeHealthStatus health) {
        return new MediaNode.Observation(
                Instant.now(), health, 3, 4, true, "Janus 1.1.2", 1, 1, 2, null);
    }

    @Test
    void aNewNodeTakesNoMeetingUntilItIsSeenUp() {
        assertEquals(NodeHealthStatus.UNKNOWN, node.health());
        assertFalse(node.takesMeetings());

        assertTrue(node.observe(seen(NodeHealthStatus.UP)), "health changed");
        assertTrue(node.takesMeetings());
        assertFalse(node.observe(seen(NodeHealthStatus.UP)), "the same health is no change");
    }

    @Test
    void downWinsOverActiveAndDrainingInTheStateTheApiShows() {
        node.observe(seen(NodeHealthStatus.DOWN));
        assertEquals("down", node.apparentState());
        assertFalse(node.takesMeetings());

        node.drain();
        assertEquals("down", node.apparentState());
        node.observe(seen(NodeHealthStatus.UP));
        assertEquals("draining", node.apparentState(), "back up, still draining");
        assertFalse(node.takesMeetings(), "a draining node takes no meeting");

        node.activate();
        assertTrue(node.takesMeetings());
    }

    @Test
    void aRemovedNodeStaysRemovedAndCannotChange() {
        node.observe(seen(NodeHealthStatus.DOWN));
        node.remove();

        assertEquals("removed", node.apparentState());
        assertThrows(IllegalStateException.class, node::drain);
        assertThrows(IllegalStateException.class, node::activate);
    }

    @Test
    void aProbeThatGotNoAnswerKeepsTheLastKnownLoad() {
        node.observe(seen(NodeHealthStatus.UP));
        node.observe(
                new MediaNode.Observation(
                        Instant.now(),
                        NodeHealthStatus.DOWN,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        "refused"));

        assertEquals(2, node.nodeParticipants());
        assertEquals("Janus 1.1.2", node.software());
        assertEquals("refused", node.healthDetail());
    }
}

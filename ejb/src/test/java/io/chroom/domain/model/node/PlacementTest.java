package io.chroom.domain.model.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.domain.model.meeting.NodePolicy;
import io.chroom.domain.model.node.Placement.Candidate;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private static Candidate node(
            String id, String region, int capacity, int held, String price, Integer rtt) {
        return new Candidate(id, region, capacity, held, new BigDecimal(price), rtt);
    }

    private static String choose(List<Candidate> nodes, NodePolicy policy, String region, int n) {
        return Placement.choose(nodes, policy, region, n).map(Candidate::nodeId).orElse(null);
    }

    @Test
    void leastLoadedTakesTheLowestShareOfCapacityNotTheFewestParticipants() {
        List<Candidate> nodes =
                List.of(node("big", "eu", 1000, 100, "1", 5), node("small", "eu", 100, 20, "1", 5));

        assertEquals("big", choose(nodes, NodePolicy.LEAST_LOADED, null, 5), "10% beats 20%");
    }

    @Test
    void lowestPriceTakesTheCheapestAndBreaksTiesByLoad() {
        List<Candidate> nodes =
                List.of(
                        node("dear", "eu", 100, 0, "0.002", 5),
                        node("cheap-busy", "eu", 100, 50, "0.001", 5),
                        node("cheap-idle", "eu", 100, 10, "0.001", 5));

        assertEquals("cheap-idle", choose(nodes, NodePolicy.LOWEST_PRICE, null, 5));
    }

    @Test
    void lowestLatencyPrefersTheMeetingsRegionThenTheShortestRoundTrip() {
        List<Candidate> nodes =
                List.of(
                        node("us-fast", "us-east", 100, 0, "1", 2),
                        node("eu-slow", "eu-west", 100, 0, "1", 40),
                        node("eu-fast", "eu-west", 100, 0, "1", 9),
                        node("eu-unmeasured", "eu-west", 100, 0, "1", null));

        assertEquals("eu-fast", choose(nodes, NodePolicy.LOWEST_LATENCY, "EU-WEST", 3));
        assertEquals(
                "us-fast",
                choose(nodes, NodePolicy.LOWEST_LATENCY, null, 3),
                "without a region, the shortest round trip anywhere");
    }

    @Test
    void aNodeWithoutRoomForTheMeetingIsPassedOver() {
        List<Candidate> nodes =
                List.of(
                        node("cheap-full", "eu", 100, 95, "0.001", 5),
                        node("dear", "eu", 100, 0, "0.01", 5));

        assertEquals("dear", choose(nodes, NodePolicy.LOWEST_PRICE, null, 10));
    }

    @Test
    void whenNoNodeHasRoomForAllTheMostFreePlacesWinAndAFullPoolTakesNothing() {
        List<Candidate> nodes =
                List.of(node("a", "eu", 100, 80, "1", 5), node("b", "eu", 100, 60, "1", 5));

        assertEquals("b", choose(nodes, NodePolicy.LOWEST_PRICE, null, 500), "40 free beat 20");
        assertTrue(
                Placement.choose(
                                List.of(node("full", "eu", 10, 10, "1", 5)),
                                NodePolicy.LEAST_LOADED,
                                null,
                                1)
                        .isEmpty(),
                "a full node takes no meeting");
        assertTrue(Placement.choose(List.of(), NodePolicy.LEAST_LOADED, null, 1).isEmpty());
    }

    @Test
    void tiesEndOnTheNodeIdSoEveryServerChoosesAlike() {
        List<Candidate> nodes =
                List.of(node("n2", "eu", 100, 0, "1", 5), node("n1", "eu", 100, 0, "1", 5));

        assertEquals("n1", choose(nodes, NodePolicy.LEAST_LOADED, null, 1));
        assertEquals(
                "n1",
                choose(List.of(nodes.get(1), nodes.get(0)), NodePolicy.LEAST_LOADED, null, 1));
    }
}

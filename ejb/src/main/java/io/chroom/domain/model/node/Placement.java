package io.chroom.domain.model.node;

import io.chroom.domain.model.meeting.NodePolicy;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the media node for a meeting among the nodes that take meetings.
 *
 * <p>A node has room for a meeting when its free places (capacity less the places its meetings
 * hold: their invited participants and hosts, or the participants admitted when more came) cover
 * the meeting's expected size; when none does, the node with the most free places is taken as long
 * as it has one, so a large invitation list never keeps a meeting off the network. Among nodes with
 * room:
 *
 * <ul>
 *   <li>{@code least_loaded}: the lowest share of capacity in use;
 *   <li>{@code lowest_price}: the lowest price per participant-minute, then the least loaded;
 *   <li>{@code lowest_latency}: nodes in the meeting's region first, then the shortest measured
 *       STUN round trip (the control round trip where a node has no STUN server), then the least
 *       loaded.
 * </ul>
 *
 * Ties end on the node id, so the choice is the same on every server.
 */
public final class Placement {

    private Placement() {}

    /**
     * One node that could take the meeting.
     *
     * @param admitted places the node's meetings hold
     * @param rttMillis measured round trip to the node, or {@code null} when unknown
     */
    public record Candidate(
            String nodeId,
            String region,
            int capacity,
            int admitted,
            java.math.BigDecimal price,
            Integer rttMillis) {

        int free() {
            return capacity - admitted;
        }

        double load() {
            return (double) admitted / capacity;
        }
    }

    public static Optional<Candidate> choose(
            List<Candidate> candidates, NodePolicy policy, String region, int expected) {
        List<Candidate> open = candidates.stream().filter(c -> c.free() > 0).toList();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        List<Candidate> roomy = open.stream().filter(c -> c.free() >= expected).toList();
        if (roomy.isEmpty()) {
            return open.stream()
                    .max(
                            Comparator.comparingInt(Candidate::free)
                                    .thenComparing(Candidate::nodeId, Comparator.reverseOrder()));
        }
        Comparator<Candidate> leastLoaded =
                Comparator.comparingDouble(Candidate::load).thenComparing(Candidate::nodeId);
        Comparator<Candidate> order =
                switch (policy) {
                    case LEAST_LOADED -> leastLoaded;
                    case LOWEST_PRICE ->
                            Comparator.comparing(Candidate::price).thenComparing(leastLoaded);
                    case LOWEST_LATENCY ->
                            Comparator.comparing((Candidate c) -> !inRegion(c, region))
                                    .thenComparing(
                                            c ->
                                                    c.rttMillis() == null
                                                            ? Integer.MAX_VALUE
                                                            : c.rttMillis())
                                    .thenComparing(leastLoaded);
                };
        return roomy.stream().min(order);
    }

    private static boolean inRegion(Candidate candidate, String region) {
        return region != null && region.equalsIgnoreCase(candidate.region());
    }
}

package io.chroom.application.analytics;

import io.chroom.application.analytics.MediaHandles.PolledNode;
import io.chroom.infrastructure.persistence.JobLeases;
import io.chroom.media.api.HandleInfo;
import io.chroom.media.api.MediaNodeConnection;
import io.chroom.media.api.MediaNodeConnectionFactory;
import io.chroom.media.api.MediaNodeException;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fills in for a node's events through the media connector's own calls to the node, every 5 s on
 * the one server that holds the lease {@code media-polling}.
 *
 * <p>A node that has handles connected and has posted no events for {@code
 * CHROOM_INGEST_SILENCE_SECONDS} (15) is polled: each of its handles' {@code handle_info} gives the
 * media samples its events would have carried, stored as they would have been (see {@link
 * MediaIngest#polled}), and handles it no longer lists are closed, so that a detach lost with the
 * events does not count as connected for ever. A node whose events flow is only listed, once a
 * minute, to close the handles whose detach alone was lost. A node the poll cannot reach is tried
 * again on the next round; a node that is down is left to the health watch, which moves its
 * meetings and so closes their handles.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MediaPolling {

    static final String LEASE = "media-polling";

    /** Three rounds: a server that misses two keeps the lease. */
    static final Duration LEASE_LENGTH = Duration.ofSeconds(15);

    /** How often the handles of a node whose events flow are compared with what it holds. */
    static final Duration RECONCILE_EVERY = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(MediaPolling.class.getName());

    @EJB private JobLeases leases;

    @EJB private MediaHandles handles;

    @EJB private MediaIngest ingest;

    @Resource(lookup = "eis/chroom/media-nodes")
    private MediaNodeConnectionFactory nodes;

    @Inject
    @ConfigProperty(name = "chroom.ingest.silence.seconds", defaultValue = "15")
    private int silenceSeconds;

    private final AtomicBoolean running = new AtomicBoolean();

    /** When this server last compared each node's handles with what it holds. */
    private final Map<String, Instant> reconciled = new ConcurrentHashMap<>();

    /** Nodes this server is polling for samples now, to log when that starts and stops. */
    private final Set<String> polling = ConcurrentHashMap.newKeySet();

    /** Nodes the last round could not reach, to log that once. */
    private final Set<String> unreachable = ConcurrentHashMap.newKeySet();

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
    void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!leases.hold(LEASE, LEASE_LENGTH)) {
                polling.clear();
                return;
            }
            round(Instant.now());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A media polling round failed; the next round retries", e);
        } finally {
            running.set(false);
        }
    }

    private void round(Instant now) {
        Set<String> silentNow = new HashSet<>();
        for (PolledNode node : handles.nodesWithOpenHandles()) {
            boolean silent =
                    node.heardAt() == null
                            || node.heardAt().isBefore(now.minusSeconds(silenceSeconds));
            Instant last = reconciled.get(node.nodeId());
            if (silent) {
                silentNow.add(node.nodeId());
                if (polling.add(node.nodeId())) {
                    LOG.log(
                            Level.INFO,
                            "Node {0} has posted no events since {1} while handles are connected;"
                                    + " its Janus is polled for their samples until it posts again",
                            new Object[] {node.nodeId(), node.heardAt()});
                }
                poll(node, true);
            } else if (last == null || last.isBefore(now.minus(RECONCILE_EVERY))) {
                poll(node, false);
            }
        }
        for (String node : Set.copyOf(polling)) {
            if (!silentNow.contains(node)) {
                polling.remove(node);
                LOG.log(
                        Level.INFO,
                        "Node {0} posts its events again, or has no handles connected; polling it"
                                + " for samples stopped",
                        node);
            }
        }
    }

    /** Polls one node; what fails for it is logged and leaves the other nodes to their turn. */
    private void poll(PolledNode node, boolean withStatistics) {
        try {
            pollNode(node, withStatistics);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "Recording the media poll of node "
                            + node.nodeId()
                            + " failed; the next"
                            + " round polls it again",
                    e);
        }
    }

    /** Lists the node's handles (and reads each one's statistics), then records what it found. */
    private void pollNode(PolledNode node, boolean withStatistics) {
        Instant listedAt = Instant.now();
        Set<Long> present = new HashSet<>();
        List<HandleInfo> read = new ArrayList<>();
        try (MediaNodeConnection connection = nodes.getConnection(node.address())) {
            for (Map.Entry<Long, List<Long>> session : connection.handles().entrySet()) {
                for (long handle : session.getValue()) {
                    present.add(handle);
                    if (withStatistics) {
                        connection.handleInfo(session.getKey(), handle).ifPresent(read::add);
                    }
                }
            }
        } catch (MediaNodeException e) {
            if (unreachable.add(node.nodeId())) {
                LOG.log(
                        Level.WARNING,
                        "Node {0} did not answer the media poll ({1}); it is tried again next"
                                + " round",
                        new Object[] {node.nodeId(), e.getMessage()});
            }
            return;
        }
        unreachable.remove(node.nodeId());
        reconciled.put(node.nodeId(), listedAt);

        if (!read.isEmpty()) {
            MediaIngest.Result stored = ingest.polled(node.nodeId(), node.heardAt(), read);
            LOG.log(
                    Level.FINE,
                    "Polled {0} handles of node {1}: {2} samples, {3} handles taken on by label",
                    new Object[] {read.size(), node.nodeId(), stored.samples(), stored.handles()});
        }
        int closed = handles.reconcile(node.nodeId(), present, listedAt);
        if (closed > 0) {
            LOG.log(
                    Level.INFO,
                    "Node {0} no longer holds {1} of the handles connected there, whose"
                            + " detach never arrived; they are closed at the last moment they"
                            + " were known to be there",
                    new Object[] {node.nodeId(), closed});
        }
    }
}

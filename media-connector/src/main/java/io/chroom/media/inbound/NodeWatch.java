package io.chroom.media.inbound;

import io.chroom.media.api.NodeEvent;
import io.chroom.media.api.NodeEventListener;
import io.chroom.media.api.NodeHealth;
import io.chroom.media.api.WatchedNode;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkAdapter;
import jakarta.resource.spi.work.WorkEvent;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The probe loop of one endpoint activation, run as one long-running {@link Work}: every interval
 * it asks a fresh message endpoint which nodes to watch, probes them in parallel (each probe a
 * {@code Work} of its own, at most {@link #PARALLEL_PROBES} at once) and delivers the events the
 * {@link NodeHealthTracker} derives. {@link #release()} ends the loop within one probe timeout.
 */
final class NodeWatch implements Work {

    private static final Logger LOG = Logger.getLogger(NodeWatch.class.getName());
    static final int PARALLEL_PROBES = 8;

    private final MessageEndpointFactory endpoints;
    private final NodeWatchSpec spec;
    private final WorkManager workManager;
    private final NodeProbe probe;
    private final NodeHealthTracker tracker;
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    NodeWatch(MessageEndpointFactory endpoints, NodeWatchSpec spec, WorkManager workManager) {
        this.endpoints = endpoints;
        this.spec = spec;
        this.workManager = workManager;
        this.probe = new NodeProbe(spec.probeTimeout());
        this.tracker = new NodeHealthTracker(spec.getFailuresBeforeDown());
    }

    @Override
    public void run() {
        LOG.log(
                Level.INFO,
                "Watching media nodes for {0} with {1}",
                new Object[] {endpoints.getActivationName(), spec});
        try {
            long next = System.nanoTime();
            while (!isReleased()) {
                round();
                next += spec.interval().toNanos();
                long wait = next - System.nanoTime();
                if (wait < 0) {
                    // A round that overran starts the next one at once and the schedule anew.
                    next = System.nanoTime();
                } else if (released.await(wait, TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
            LOG.log(
                    Level.INFO,
                    "Stopped watching media nodes for {0}",
                    endpoints.getActivationName());
        }
    }

    /** One round: nodes to watch, probes, events; the endpoint is always released. */
    void round() throws InterruptedException {
        MessageEndpoint endpoint;
        try {
            endpoint = endpoints.createEndpoint(null, spec.interval().toMillis());
        } catch (UnavailableException e) {
            LOG.log(
                    Level.FINE,
                    "No message endpoint for the node watch this round: {0}",
                    e.getMessage());
            return;
        }
        try {
            NodeEventListener listener = (NodeEventListener) endpoint;
            List<WatchedNode> nodes = listener.nodesToWatch();
            tracker.retainOnly(nodes.stream().map(WatchedNode::nodeId).collect(Collectors.toSet()));

            List<NodeHealth> results = probeAll(nodes);
            for (int i = 0; i < nodes.size(); i++) {
                WatchedNode node = nodes.get(i);
                Optional<NodeEvent> event = tracker.observe(node, results.get(i));
                if (event.isPresent()) {
                    deliver(listener, event.get());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A node watch round failed; the next round tries again", e);
        } finally {
            endpoint.release();
        }
    }

    private void deliver(NodeEventListener listener, NodeEvent event) {
        LOG.log(Level.FINE, "Node {0}: {1}", new Object[] {event.nodeId(), event.kind()});
        try {
            listener.onNodeEvent(event);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "The listener failed on event "
                            + event.kind()
                            + " of node "
                            + event.nodeId()
                            + "; it is raised again next round if still true",
                    e);
        }
    }

    private List<NodeHealth> probeAll(List<WatchedNode> nodes) throws InterruptedException {
        Semaphore slots = new Semaphore(PARALLEL_PROBES);
        List<CompletableFuture<NodeHealth>> probes = new ArrayList<>();
        for (WatchedNode node : nodes) {
            slots.acquire();
            CompletableFuture<NodeHealth> result = new CompletableFuture<>();
            probes.add(result);
            Work work =
                    new Work() {
                        @Override
                        public void run() {
                            try {
                                result.complete(probe.probe(node));
                            } catch (RuntimeException | LinkageError e) {
                                // A library that fails to load must show as a failed probe, not as
                                // a probe that never ends.
                                result.completeExceptionally(e);
                            } finally {
                                slots.release();
                            }
                        }

                        @Override
                        public void release() {}
                    };
            try {
                // A work the container rejects or that ends in an error is reported only to a
                // listener; it completes the probe as failed instead of leaving it unanswered.
                workManager.scheduleWork(
                        work,
                        WorkManager.INDEFINITE,
                        null,
                        new WorkAdapter() {
                            @Override
                            public void workRejected(WorkEvent event) {
                                slots.release();
                                result.completeExceptionally(event.getException());
                            }

                            @Override
                            public void workCompleted(WorkEvent event) {
                                if (event.getException() != null) {
                                    result.completeExceptionally(event.getException());
                                }
                            }
                        });
            } catch (WorkException e) {
                slots.release();
                result.completeExceptionally(e);
            }
        }

        // Every check of a probe is bounded by the probe timeout; allow the four of them.
        long deadline = System.nanoTime() + spec.probeTimeout().multipliedBy(5).toNanos();
        List<NodeHealth> results = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            results.add(await(probes.get(i), deadline));
        }
        return results;
    }

    private static NodeHealth await(CompletableFuture<NodeHealth> probe, long deadline)
            throws InterruptedException {
        try {
            return probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "A node probe failed inside the connector", e.getCause());
            return failed("probe failed: " + e.getCause());
        } catch (TimeoutException e) {
            return failed("probe did not finish in time");
        }
    }

    private static NodeHealth failed(String detail) {
        return new NodeHealth(Instant.now(), false, -1, -1, false, null, detail);
    }

    private boolean isReleased() {
        return released.getCount() == 0;
    }

    @Override
    public void release() {
        released.countDown();
    }

    /** Releases the loop and waits for it to end; answers whether it ended in time. */
    boolean stop(Duration patience) throws InterruptedException {
        release();
        return finished.await(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Marks a loop the work manager never started as ended, so that stop does not wait. */
    void abandon() {
        release();
        finished.countDown();
    }
}

package io.chroom.media.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.media.api.MediaNodeAddress;
import io.chroom.media.api.NodeEvent;
import io.chroom.media.api.NodeEventListener;
import io.chroom.media.api.WatchedNode;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.Test;

/** The probe loop against a node whose control port refuses connections (loopback only). */
class NodeWatchTest {

    private final List<NodeEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();

    @Test
    void reportsADeadNodeDownAfterTwoRoundsAndReleasesEveryEndpoint() throws Exception {
        NodeWatchSpec spec = new NodeWatchSpec();
        spec.setIntervalMillis(200);
        spec.setProbeTimeoutMillis(100);
        spec.validate();
        NodeWatch watch = new NodeWatch(new Endpoints(), spec, new ThreadWorkManager());

        Thread loop = new Thread(watch);
        loop.start();
        long deadline = System.currentTimeMillis() + 5_000;
        while (events.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }

        assertTrue(watch.stop(Duration.ofSeconds(2)), "the loop ends when released");
        assertEquals(1, events.size(), "one transition, not one event per round: " + events);
        assertEquals(NodeEvent.Kind.DOWN, events.get(0).kind());
        assertTrue(created.get() >= 2, "one endpoint per round, two rounds at least");
        assertEquals(created.get(), released.get(), "every endpoint is released");
    }

    /** A node the application still believes UP, on a port where nothing listens. */
    private static WatchedNode deadNode() {
        return new WatchedNode(
                "dead",
                new MediaNodeAddress(URI.create("http://127.0.0.1:9/admin"), "secret"),
                null,
                null,
                NodeEvent.Kind.UP);
    }

    private final class Listener implements NodeEventListener, MessageEndpoint {
        @Override
        public List<WatchedNode> nodesToWatch() {
            return List.of(deadNode());
        }

        @Override
        public void onNodeEvent(NodeEvent event) {
            events.add(event);
        }

        @Override
        public void beforeDelivery(Method method) {}

        @Override
        public void afterDelivery() {}

        @Override
        public void release() {
            released.incrementAndGet();
        }
    }

    private final class Endpoints implements MessageEndpointFactory {
        @Override
        public MessageEndpoint createEndpoint(XAResource xaResource) {
            created.incrementAndGet();
            return new Listener();
        }

        @Override
        public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
            return createEndpoint(xaResource);
        }

        @Override
        public boolean isDeliveryTransacted(Method method) {
            return false;
        }

        @Override
        public String getActivationName() {
            return "test";
        }

        @Override
        public Class<?> getEndpointClass() {
            return Listener.class;
        }
    }

    private static final class ThreadWorkManager implements WorkManager {
        @Override
        public void doWork(Work work) {
            work.run();
        }

        @Override
        public void doWork(Work work, long timeout, ExecutionContext context, WorkListener l) {
            work.run();
        }

        @Override
        public long startWork(Work work) {
            scheduleWork(work);
            return 0;
        }

        @Override
        public long startWork(Work work, long timeout, ExecutionContext context, WorkListener l) {
            return startWork(work);
        }

        @Override
        public void scheduleWork(Work work) {
            Thread thread = new Thread(work);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void scheduleWork(Work work, long timeout, ExecutionContext ctx, WorkListener l) {
            scheduleWork(work);
        }
    }
}

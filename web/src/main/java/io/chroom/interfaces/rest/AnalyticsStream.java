package io.chroom.interfaces.rest;

import io.chroom.application.analytics.LiveFeed;
import io.chroom.application.analytics.LiveNodeHealth;
import io.chroom.application.analytics.LiveSample;
import io.chroom.application.analytics.LiveSubscriber;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This server's subscribers to {@code GET /api/analytics/stream}. Once a second, while anyone
 * listens, it reads the samples and node probes recorded since the last poll (by any server) and
 * sends each subscriber its own account's samples ({@code event: qos}) and, to credentials that
 * hold {@code nodes:read}, node probes ({@code event: node}). Rows are read a few seconds back and
 * sent once each, so a batch committed late still goes out.
 */
@ApplicationScoped
public class AnalyticsStream {

    private static final Logger LOG = Logger.getLogger(AnalyticsStream.class.getName());

    /** How far back each poll reads, for batches that commit after their samples' time. */
    static final Duration OVERLAP = Duration.ofSeconds(5);

    /** A comment line every so often keeps proxies from closing an idle stream. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private record Subscription(LiveSubscriber who, SseEventSink sink, Sse sse) {}

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    private ManagedScheduledExecutorService scheduler;

    @EJB private LiveFeed feed;

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    private final Map<String, Instant> sent = new ConcurrentHashMap<>();

    private volatile Instant polled = Instant.now();

    private volatile Instant keptAlive = Instant.now();

    private ScheduledFuture<?> polling;

    synchronized void subscribe(LiveSubscriber who, SseEventSink sink, Sse sse) {
        sink.send(sse.newEventBuilder().comment("subscribed").build());
        subscriptions.add(new Subscription(who, sink, sse));
        if (polling == null) {
            polled = Instant.now().minusSeconds(1);
            polling = scheduler.scheduleWithFixedDelay(this::poll, 1, 1, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (polling != null) {
            polling.cancel(false);
        }
        subscriptions.forEach(s -> s.sink().close());
    }

    private void poll() {
        try {
            subscriptions.removeIf(s -> s.sink().isClosed());
            if (subscriptions.isEmpty()) {
                return;
            }
            Instant now = Instant.now();
            Instant since = polled.minus(OVERLAP);
            List<LiveSample> samples = feed.samplesSince(since);
            boolean anyNodeHealth = subscriptions.stream().anyMatch(s -> s.who().nodeHealth());
            List<LiveNodeHealth> probes = anyNodeHealth ? feed.healthSince(since) : List.of();
            polled = now;
            for (LiveSample sample : samples) {
                if (sent.putIfAbsent(sample.key(), now) == null) {
                    for (Subscription s : subscriptions) {
                        if (s.who().accountId().equals(sample.accountId())) {
                            send(s, "qos", sample);
                        }
                    }
                }
            }
            for (LiveNodeHealth probe : probes) {
                if (sent.putIfAbsent(probe.key(), now) == null) {
                    for (Subscription s : subscriptions) {
                        if (s.who().nodeHealth()) {
                            send(s, "node", probe);
                        }
                    }
                }
            }
            sent.values().removeIf(at -> at.isBefore(now.minus(OVERLAP.multipliedBy(4))));
            if (now.isAfter(keptAlive.plus(KEEP_ALIVE))) {
                keptAlive = now;
                for (Subscription s : subscriptions) {
                    s.sink().send(s.sse().newEventBuilder().comment("keep-alive").build());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The live analytics poll failed; it runs again in a second", e);
        }
    }

    private static void send(Subscription s, String name, Object data) {
        OutboundSseEvent event =
                s.sse()
                        .newEventBuilder()
                        .name(name)
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(JsonMapping.JSONB.toJson(data))
                        .build();
        s.sink()
                .send(event)
                .exceptionally(
                        failure -> {
                            s.sink().close();
                            return null;
                        });
    }
}

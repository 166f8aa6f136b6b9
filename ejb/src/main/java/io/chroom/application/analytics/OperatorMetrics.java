package io.chroom.application.analytics;

import io.chroom.infrastructure.connectors.ConnectorCheck;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Gauges on {@code /metrics} that operators watch beside Liberty's own request, latency and
 * connection pool figures: media nodes per health, the age of the newest media sample (events
 * stopped arriving when it grows), and whether the chain endpoint answers. Each is read when the
 * metrics are scraped; the chain is asked at most every 30 s.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class OperatorMetrics {

    static final Duration CHAIN_PROBE_EVERY = Duration.ofSeconds(30);

    @Inject private MetricRegistry metrics;

    @EJB private OperatorFigures figures;

    @EJB private ConnectorCheck connectors;

    private volatile long chainCheckedAt;

    private volatile boolean chainAnswers;

    @PostConstruct
    void register() {
        for (String health : new String[] {"UP", "DEGRADED", "DOWN", "UNKNOWN"}) {
            metrics.gauge(
                    "chroom.nodes",
                    () -> figures.nodes(health),
                    new Tag("health", health.toLowerCase(Locale.ROOT)));
        }
        metrics.gauge("chroom.ingest.newest.sample.age.seconds", () -> figures.newestSampleAge());
        metrics.gauge("chroom.chain.reachable", () -> chainAnswers() ? 1 : 0);
    }

    private boolean chainAnswers() {
        long now = System.nanoTime();
        if (chainCheckedAt == 0 || now - chainCheckedAt > CHAIN_PROBE_EVERY.toNanos()) {
            chainCheckedAt = now;
            chainAnswers = connectors.chainHead().isPresent();
        }
        return chainAnswers;
    }
}

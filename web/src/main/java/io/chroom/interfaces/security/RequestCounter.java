package io.chroom.interfaces.security;

import io.chroom.application.usage.ApiUsageService;
import io.chroom.application.usage.RequestCounts;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Counts every request under {@code /api} that belongs to an account, with its outcome, per account
 * and clock minute, in this server's memory; every {@code CHROOM_USAGE_FLUSH_MILLIS} (5000) it adds
 * what it counted to PostgreSQL ({@link ApiUsageService}), where the servers' counts meet. A
 * request costs a few atomic additions and no database work. Counts that could not be written (the
 * database is down) are kept and written with the next flush; a server that dies loses at most its
 * last few seconds of counts.
 */
@ApplicationScoped
public class RequestCounter {

    private static final Logger LOG = Logger.getLogger(RequestCounter.class.getName());

    private record Key(String accountId, long minute) {}

    /** One account's outcomes in one minute. */
    private static final class Tally {
        final LongAdder requests = new LongAdder();
        final LongAdder clientErrors = new LongAdder();
        final LongAdder rateLimited = new LongAdder();
        final LongAdder serverErrors = new LongAdder();
    }

    private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();

    @EJB private ApiUsageService usage;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    private ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "chroom.usage.flush.millis", defaultValue = "5000")
    private long flushMillis;

    private ScheduledFuture<?> flushing;

    private volatile boolean failing;

    /** Counts one answered request of {@code accountId} with its HTTP status. */
    public void count(String accountId, int status) {
        long minute = System.currentTimeMillis() / 60_000;
        Tally tally = tallies.computeIfAbsent(new Key(accountId, minute), k -> new Tally());
        tally.requests.increment();
        if (status == 429) {
            tally.rateLimited.increment();
        } else if (status >= 500) {
            tally.serverErrors.increment();
        } else if (status >= 400) {
            tally.clientErrors.increment();
        }
    }

    @PostConstruct
    void start() {
        flushing =
                scheduler.scheduleWithFixedDelay(
                        this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (flushing != null) {
            flushing.cancel(false);
        }
        flush();
    }

    /**
     * Hands the counts since the last flush to the database. Each figure is taken and zeroed in one
     * step per counter, so a request counted meanwhile is in this flush or the next, never lost nor
     * counted twice. Minutes that are over and hold nothing more are forgotten.
     */
    synchronized void flush() {
        long current = System.currentTimeMillis() / 60_000;
        List<RequestCounts> counts = new ArrayList<>();
        List<Map.Entry<Key, Tally>> taken = new ArrayList<>();
        for (Map.Entry<Key, Tally> entry : tallies.entrySet()) {
            Tally t = entry.getValue();
            long requests = t.requests.sumThenReset();
            long clientErrors = t.clientErrors.sumThenReset();
            long rateLimited = t.rateLimited.sumThenReset();
            long serverErrors = t.serverErrors.sumThenReset();
            if (requests > 0 || clientErrors > 0 || rateLimited > 0 || serverErrors > 0) {
                counts.add(
                        new RequestCounts(
                                entry.getKey().accountId(),
                                Instant.ofEpochSecond(entry.getKey().minute() * 60),
                                requests,
                                clientErrors,
                                rateLimited,
                                serverErrors));
                taken.add(entry);
            } else if (entry.getKey().minute() < current - 1) {
                // Nothing can be counted into a minute that ended a minute ago.
                tallies.remove(entry.getKey(), t);
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        try {
            usage.add(counts);
            if (failing) {
                failing = false;
                LOG.info("API usage counts are written to the database again");
            }
        } catch (RuntimeException e) {
            // Put the counts back, to be written with the next flush.
            for (int i = 0; i < counts.size(); i++) {
                RequestCounts c = counts.get(i);
                Tally t = taken.get(i).getValue();
                t.requests.add(c.requests());
                t.clientErrors.add(c.clientErrors());
                t.rateLimited.add(c.rateLimited());
                t.serverErrors.add(c.serverErrors());
                tallies.putIfAbsent(taken.get(i).getKey(), t);
            }
            if (!failing) {
                failing = true;
                LOG.log(
                        Level.WARNING,
                        "API usage counts could not be written; they are kept in memory and"
                                + " written with a later flush",
                        e);
            }
        }
    }
}

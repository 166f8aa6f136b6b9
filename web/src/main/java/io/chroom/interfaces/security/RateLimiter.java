package io.chroom.interfaces.security;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests of each subject (an account, or a client address for requests without a valid
 * credential) in fixed windows of one clock minute, and refuses those over the subject's limit.
 *
 * <p>Each subject's window is a SmallRye Fault Tolerance rate limit that admits the window's
 * permits, created when the subject's first request of that minute arrives and dropped when the
 * minute is over. Windows follow the wall clock rather than each subject's first request, so every
 * server of a deployment resets its counters at the same instant and {@code X-RateLimit-Reset} is
 * the same on all of them. Counting happens in this server's memory only.
 */
@ApplicationScoped
public class RateLimiter {

    static final long WINDOW_MILLIS = 60_000;

    /** The outcome of one request against its subject's window. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {}

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private volatile long sweptMinute;

    /**
     * Takes one request from {@code subject}'s window, whose limit this minute is {@code limit}.
     */
    public Decision consume(String subject, int limit) {
        long now = System.currentTimeMillis();
        long minute = now / WINDOW_MILLIS;
        long resetSeconds = Math.max(1, ((minute + 1) * WINDOW_MILLIS - now + 999) / 1000);
        sweep(minute);

        Window window =
                windows.compute(
                        subject,
                        (key, old) -> {
                            if (old != null && old.minute == minute && old.limit == limit) {
                                return old;
                            }
                            // A changed limit applies at once; what was used this minute stays
                            // used.
                            AtomicInteger used =
                                    old != null && old.minute == minute
                                            ? old.used
                                            : new AtomicInteger();
                            return new Window(minute, limit, used);
                        });
        int taken = window.take();
        return taken < 0
                ? new Decision(false, limit, 0, resetSeconds)
                : new Decision(true, limit, Math.max(0, limit - taken), resetSeconds);
    }

    /** Drops the windows of minutes that are over, once per minute. */
    private void sweep(long minute) {
        if (minute > sweptMinute) {
            sweptMinute = minute;
            windows.values().removeIf(w -> w.minute < minute);
        }
    }

    /** One subject's window of one minute. */
    private static final class Window {
        final long minute;
        final int limit;
        final AtomicInteger used;
        private final Guard guard;

        Window(long minute, int limit, AtomicInteger used) {
            this.minute = minute;
            this.limit = limit;
            this.used = used;
            int permits = limit - used.get();
            // The rate limit's own window outlasts the clock minute this object lives for, so it
            // never refills: it admits exactly the permits left in this minute.
            this.guard =
                    permits <= 0
                            ? null
                            : Guard.create()
                                    .withRateLimit()
                                    .limit(permits)
                                    .window(2, ChronoUnit.MINUTES)
                                    .type(RateLimitType.FIXED)
                                    .done()
                                    .build();
        }

        /** The number of this request within the minute, or -1 when the window is full. */
        int take() {
            if (guard == null) {
                return -1;
            }
            try {
                return guard.get(used::incrementAndGet, Integer.class);
            } catch (RateLimitException full) {
                return -1;
            }
        }
    }
}

package io.chroom.domain.model.webhook;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed delivery again: exponential backoff from a first wait (10 s by default),
 * doubling up to an hour between tries, each wait drawn with jitter between half and all of it so
 * that receivers recovering from an outage are not hit by every sender at once. A delivery is given
 * up ({@code dead}) once it has failed for longer than the give-up period (25 hours by default;
 * about 32 tries).
 *
 * @param firstWait the wait after the first failure
 * @param giveUpAfter how long a delivery may keep failing before it is dead
 */
public record RetrySchedule(Duration firstWait, Duration giveUpAfter) {

    public static final Duration LONGEST_WAIT = Duration.ofHours(1);

    public static final RetrySchedule DEFAULT =
            new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(25));

    /** The wait before try number {@code attempts + 1}, after {@code attempts} failures. */
    public Duration waitAfter(int attempts) {
        long base = firstWait.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        long capped = Math.max(Math.min(base, LONGEST_WAIT.toMillis()), 2);
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(jittered);
    }
}

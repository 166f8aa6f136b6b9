package io.chroom.application.settlement;

import io.chroom.infrastructure.persistence.JobLeases;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every two seconds, on the one server that holds the {@code epochs} lease: closes the open epoch
 * once it has ended and opens the next, settles the epochs that ended more than the grace period
 * ago ({@code CHROOM_EPOCH_SETTLE_DELAY_SECONDS}, 120: time for a node's late event batches), and
 * follows settled epochs to the chain. Each step is a transaction of its own, so a server that
 * stops half way leaves every epoch in a state the next holder goes on from.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EpochJob {

    static final String LEASE = "epochs";
    static final Duration LEASE_LENGTH = Duration.ofSeconds(15);

    /** Epochs opened and closed in one tick at most, when a server catches up after a pause. */
    static final int CATCH_UP = 200;

    private static final Logger LOG = Logger.getLogger(EpochJob.class.getName());

    @EJB private JobLeases leases;

    @EJB private Epochs epochs;

    @Inject
    @ConfigProperty(name = "chroom.epoch.settle.delay.seconds", defaultValue = "120")
    private long settleDelaySeconds;

    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean chainDown;

    /** Steps that failed at their last attempt, so that each failure is logged in full once. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false)
    void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            if (leases.hold(LEASE, LEASE_LENGTH)) {
                run(Instant.now());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An epoch job tick failed; the next tick retries", e);
        } finally {
            running.set(false);
        }
    }

    private void run(Instant now) {
        Epochs.Advance advance = Epochs.Advance.NOTHING;
        for (int i = 0; i < CATCH_UP; i++) {
            advance = epochs.advance(now);
            if (advance != Epochs.Advance.ADVANCED) {
                break;
            }
        }
        boolean down = advance == Epochs.Advance.CHAIN_DOWN;
        if (down && !chainDown) {
            LOG.warning(
                    "The chain does not answer, so the next epoch cannot read its parameters; it"
                            + " opens once the chain answers, from the end of the last one");
        }
        chainDown = down;

        for (long number : epochs.due(now.minusSeconds(Math.max(0, settleDelaySeconds)))) {
            if (!attempt("Settling", number, () -> epochs.settle(number, now))) {
                return; // later epochs wait for this one
            }
        }
        for (long number : epochs.inFlight()) {
            attempt("Following", number, () -> epochs.follow(number));
        }
    }

    /** Runs one epoch's step; a failure is logged in full once per epoch, and retried. */
    private boolean attempt(String step, long number, Runnable work) {
        String key = step + " epoch " + number;
        try {
            work.run();
            failing.remove(key);
            return true;
        } catch (RuntimeException e) {
            LOG.log(
                    failing.add(key) ? Level.WARNING : Level.FINE,
                    key + " failed; the next tick retries",
                    e);
            return false;
        }
    }
}

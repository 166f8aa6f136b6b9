package io.chroom.application.token;

import io.chroom.infrastructure.persistence.JobLeases;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the chain outbox every second on the one server that holds its lease: signs pending
 * transactions, sends signed ones in nonce order, and follows sent ones to their receipts. While
 * the chain does not answer everything simply waits, pending, for a later tick.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChainOutboxWorker {

    static final String LEASE = "chain-outbox";
    static final Duration LEASE_LENGTH = Duration.ofSeconds(15);
    static final int BATCH = 100;

    private static final Logger LOG = Logger.getLogger(ChainOutboxWorker.class.getName());

    @EJB private JobLeases leases;

    @EJB private ChainOutbox outbox;

    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean chainDown;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!leases.hold(LEASE, LEASE_LENGTH)) {
                return;
            }
            boolean down = !run();
            if (down && !chainDown) {
                LOG.warning(
                        "The chain does not answer; payments stay pending and are sent once it"
                                + " does");
            } else if (!down && chainDown) {
                LOG.info("The chain answers again; the outbox goes on");
            }
            chainDown = down;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A chain outbox tick failed; the next tick retries", e);
        } finally {
            running.set(false);
        }
    }

    /** One pass over the outbox; answers false when the chain did not answer. */
    private boolean run() {
        for (long id : outbox.open("pending", BATCH)) {
            if (outbox.sign(id) == ChainOutbox.Step.CHAIN_DOWN) {
                return false;
            }
        }
        for (long id : outbox.open("signed", BATCH)) {
            if (outbox.send(id) == ChainOutbox.Step.CHAIN_DOWN) {
                return false;
            }
        }
        for (long id : outbox.open("submitted", BATCH * 2)) {
            if (outbox.follow(id) == ChainOutbox.Step.CHAIN_DOWN) {
                return false;
            }
        }
        return true;
    }
}

package io.chroom.application.token;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the chain outbox every second on the one server that holds its lease: signs pending
 * transactions in batches at consecutive nonces, sends signed ones in nonce order, and follows sent
 * ones to their receipts. A tick goes on signing and sending while full batches keep coming, up to
 * {@link #PASS_BUDGET}, reading receipts about once a block meanwhile. While the chain does not
 * answer everything simply waits, pending, for a later tick.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChainOutboxWorker {

    static final String LEASE = "chain-outbox";
    static final Duration LEASE_LENGTH = Duration.ofSeconds(15);

    /**
     * How long one tick may go on while full batches keep coming; well within the lease, so that
     * the lease is renewed (at the next tick) before it runs out.
     */
    static final Duration PASS_BUDGET = Duration.ofSeconds(5);

    /** How often a long tick reads the receipts of what it sent: about once a block. */
    static final Duration FOLLOW_EVERY = Duration.ofSeconds(1);

    /** Sent transactions whose receipts one tick asks for. */
    static final int FOLLOW_BATCH = 500;

    private static final Logger LOG = Logger.getLogger(ChainOutboxWorker.class.getName());

    @EJB private JobLeases leases;

    @EJB private ChainOutbox outbox;

    /** Transactions signed (and sent) per batch, each batch one database transaction. */
    @Inject
    @ConfigProperty(name = "chroom.chain.outbox.batch", defaultValue = "100")
    private int batch;

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
        int size = Math.max(1, batch);
        long started = System.nanoTime();
        long followed = started - FOLLOW_EVERY.toNanos();
        boolean more;
        do {
            ChainOutbox.Pass signed;
            try {
                signed = outbox.signPending(size);
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "A batch of pending transactions failed to sign; signing them one at a"
                                + " time",
                        e);
                signed = signOneByOne(size);
            }
            if (signed.chainDown()) {
                return false;
            }
            ChainOutbox.Pass sent = outbox.sendSigned(size);
            if (sent.chainDown()) {
                return false;
            }
            more = signed.handled() >= size || sent.handled() >= size;
            // While a backlog keeps the tick going, receipts are still read about once a block.
            boolean last = !more || System.nanoTime() - started >= PASS_BUDGET.toNanos();
            if (last || System.nanoTime() - followed >= FOLLOW_EVERY.toNanos()) {
                if (!follow()) {
                    return false;
                }
                followed = System.nanoTime();
            }
        } while (more && System.nanoTime() - started < PASS_BUDGET.toNanos());
        return true;
    }

    /** Settles the sent transactions deep enough; answers false when the chain did not answer. */
    private boolean follow() {
        List<ChainOutbox.Sent> sent = outbox.sent(FOLLOW_BATCH);
        if (sent == null) {
            return false;
        }
        List<ChainOutbox.Sent> finals = new ArrayList<>();
        for (ChainOutbox.Sent transaction : sent) {
            if (transaction.outcome() != null && outbox.isFinal(transaction.outcome())) {
                finals.add(transaction);
            } else if (transaction.outcome() == null && transaction.stale()) {
                outbox.resend(transaction.id(), transaction.hash());
            }
        }
        if (finals.isEmpty()) {
            return true;
        }
        try {
            outbox.settleAll(finals);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Settling a batch failed; settling one at a time", e);
            for (ChainOutbox.Sent transaction : finals) {
                try {
                    outbox.settle(transaction.id(), transaction.hash(), transaction.outcome());
                } catch (RuntimeException failed) {
                    LOG.log(
                            Level.WARNING,
                            "Transaction {0} could not be settled ({1}); the next tick tries"
                                    + " again",
                            new Object[] {transaction.id(), failed.getMessage()});
                }
            }
        }
        return true;
    }

    /**
     * Signs the oldest pending transactions one transaction each, so that one that fails for a
     * reason of its own is found, and failed if it keeps failing, instead of holding up those
     * behind it.
     */
    private ChainOutbox.Pass signOneByOne(int size) {
        int handled = 0;
        for (long id : outbox.pendingIds(size)) {
            try {
                ChainOutbox.Pass one = outbox.signOne(id);
                if (one.chainDown()) {
                    return one;
                }
            } catch (RuntimeException e) {
                outbox.failedToSign(id, String.valueOf(rootCause(e).getMessage()));
            }
            handled++;
        }
        return new ChainOutbox.Pass(handled, false);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}

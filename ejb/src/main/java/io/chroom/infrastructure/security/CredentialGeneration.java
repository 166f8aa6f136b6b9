package io.chroom.infrastructure.security;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which generation of credentials this server knows to be current. A server may reuse the outcome
 * of a credential check made in the current generation; every change that could make such an
 * outcome wrong advances the generation in the database, in its own transaction.
 *
 * <p>The server that made the change forgets the generation the moment the change commits, so it
 * checks every credential against the database again at once; {@link CredentialGenerationWatch}
 * reads the new value a fraction of a second later, here and on every other server. While the value
 * is unknown (at start, after a local change, when the database does not answer) nothing is reused.
 */
@ApplicationScoped
public class CredentialGeneration {

    /** No generation is known: reuse no earlier outcome. */
    public static final long UNKNOWN = -1;

    private final AtomicLong known = new AtomicLong(UNKNOWN);

    @Resource private TransactionSynchronizationRegistry transactions;

    public long current() {
        return known.get();
    }

    /** What the database says; a value older than one seen already changes nothing. */
    void observed(long value) {
        known.accumulateAndGet(
                value, (mine, theirs) -> mine == UNKNOWN ? theirs : Math.max(mine, theirs));
    }

    void lost() {
        known.set(UNKNOWN);
    }

    /**
     * Advances the generation within the caller's transaction: once it commits, no server reuses an
     * outcome of before it.
     */
    public void advance(EntityManager em) {
        em.createNativeQuery("update credential_generation set value = value + 1 where id = 1")
                .executeUpdate();
        transactions.registerInterposedSynchronization(
                new Synchronization() {
                    @Override
                    public void beforeCompletion() {}

                    @Override
                    public void afterCompletion(int status) {
                        if (status == Status.STATUS_COMMITTED) {
                            lost();
                        }
                    }
                });
    }
}

package io.chroom.application.token;

import io.chroom.chain.api.ChainCall;
import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainConnectionFactory;
import io.chroom.chain.api.ChainException;
import io.chroom.chain.api.ChainRejectedException;
import io.chroom.chain.api.SignedTransaction;
import io.chroom.chain.api.TransactionOutcome;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The steps of the chain outbox, each in a transaction of its own: take a nonce and sign, send,
 * follow to the receipt. A transaction's raw bytes are committed before they are first sent, so
 * whatever happens between sending and the receipt (a crash, a lost answer, a chain that went away)
 * is resolved by sending the same bytes again or finding their receipt: one nonce, one transaction,
 * never two.
 *
 * <p>Nonces are handed out under the lock of the signer's row in {@code chain_signers}, in the
 * order transactions were written, so concurrent requests and several servers never share one. A
 * call that would revert is refused at signing (by estimating its gas) and takes no nonce; a
 * transaction the node keeps refusing is replaced at its nonce by a zero transfer, so no later
 * transaction waits behind a gap.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ChainOutbox {

    private static final Logger LOG = Logger.getLogger(ChainOutbox.class.getName());

    /** Refusals of one signed transaction after which its nonce is given to a filler. */
    static final int MAX_REFUSALS = 5;

    /** A sent transaction with no receipt after this long is sent again (same bytes). */
    static final Duration RESEND_AFTER = Duration.ofSeconds(20);

    /** What a step did. */
    public enum Step {
        DONE,
        NOTHING,
        CHAIN_DOWN
    }

    @PersistenceContext private EntityManager em;

    @Resource private SessionContext context;

    @Resource(lookup = "eis/chroom/chain")
    private ChainConnectionFactory chain;

    @Inject
    @ConfigProperty(name = "chroom.chain.confirmations", defaultValue = "12")
    private int confirmations;

    @SuppressWarnings("unchecked")
    public List<Long> open(String state, int limit) {
        String order = state.equals("signed") ? "nonce" : "id";
        return ((List<Number>)
                        em.createNativeQuery(
                                        "select id from chain_transactions where state = ?1"
                                                + " order by "
                                                + order
                                                + " limit ?2")
                                .setParameter(1, state)
                                .setParameter(2, limit)
                                .getResultList())
                .stream().map(Number::longValue).toList();
    }

    /** Estimates, takes the next nonce and signs one pending transaction. */
    public Step sign(long id) {
        List<?> rows =
                em.createNativeQuery(
                                "select contract, data, estimate, gas_limit, payment_id from"
                                        + " chain_transactions where id = ?1 and state = 'pending'"
                                        + " for update skip locked")
                        .setParameter(1, id)
                        .getResultList();
        if (rows.isEmpty()) {
            return Step.NOTHING;
        }
        Object[] row = (Object[]) rows.get(0);
        ChainCall call =
                new ChainCall(ChainCall.Contract.valueOf((String) row[0]), (String) row[1]);
        String paymentId = (String) row[4];
        try (ChainConnection connection = chain.getConnection()) {
            long gas;
            if ((Boolean) row[2]) {
                try {
                    gas = connection.estimateGas(call) * 5 / 4 + 10_000;
                } catch (ChainRejectedException e) {
                    fail(id, paymentId, "The chain refused the transaction: " + e.getMessage());
                    return Step.DONE;
                }
            } else {
                gas = ((Number) row[3]).longValue();
            }

            String signer = connection.network().signer();
            long nonce = takeNonce(connection, signer);
            SignedTransaction signed = connection.sign(call, nonce, gas);
            em.createNativeQuery(
                            "update chain_transactions set state = 'signed', signer = ?2, nonce ="
                                    + " ?3, tx_hash = ?4, raw = ?5, gas_limit = ?6, updated_at ="
                                    + " ?7 where id = ?1")
                    .setParameter(1, id)
                    .setParameter(2, signer)
                    .setParameter(3, nonce)
                    .setParameter(4, signed.hash())
                    .setParameter(5, signed.raw())
                    .setParameter(6, gas)
                    .setParameter(7, now())
                    .executeUpdate();
            LOG.log(
                    Level.FINE,
                    "Transaction {0} of payment {1} signed at nonce {2}: {3}",
                    new Object[] {id, paymentId, nonce, signed.hash()});
            return Step.DONE;
        } catch (ChainRejectedException e) {
            LOG.log(
                    Level.WARNING,
                    "Transaction {0} of payment {1} could not be signed ({2}); it stays pending",
                    new Object[] {id, paymentId, e.getMessage()});
            context.setRollbackOnly();
            return Step.NOTHING;
        } catch (ChainException e) {
            return chainDown();
        }
    }

    /**
     * The signer's next nonce, under its row's lock: the database's count, moved up to the chain's
     * when something else used the signer (the deployer on a development chain).
     */
    private long takeNonce(ChainConnection connection, String signer) {
        em.createNativeQuery(
                        "insert into chain_signers (address, next_nonce) values (?1, ?2)"
                                + " on conflict do nothing")
                .setParameter(1, signer)
                .setParameter(2, connection.signerNonce())
                .executeUpdate();
        long next =
                ((Number)
                                em.createNativeQuery(
                                                "select next_nonce from chain_signers where"
                                                        + " address = ?1 for update")
                                        .setParameter(1, signer)
                                        .getSingleResult())
                        .longValue();
        long mined = connection.signerMinedNonce();
        long inFlight =
                ((Number)
                                em.createNativeQuery(
                                                "select count(*) from chain_transactions where"
                                                        + " signer = ?1 and state in ('signed',"
                                                        + " 'submitted')")
                                        .setParameter(1, signer)
                                        .getSingleResult())
                        .longValue();
        if (inFlight == 0 && next > connection.signerNonce()) {
            // Nothing of ours is on its way, so the chain's count is the truth: it was reset.
            long pending = connection.signerNonce();
            LOG.log(
                    Level.WARNING,
                    "Signer {0} is at nonce {1} on chain, behind this outbox's {2}; going on from"
                            + " the chain's",
                    new Object[] {signer, pending, next});
            next = pending;
        } else if (mined > next) {
            long pending = connection.signerNonce();
            LOG.log(
                    Level.WARNING,
                    "Signer {0} has used nonces up to {1} outside this outbox; going on from there",
                    new Object[] {signer, pending});
            next = pending;
        }
        em.createNativeQuery("update chain_signers set next_nonce = ?2 where address = ?1")
                .setParameter(1, signer)
                .setParameter(2, next + 1)
                .executeUpdate();
        return next;
    }

    /** Sends one signed transaction (again); a refused one is retried, then replaced. */
    public Step send(long id) {
        List<?> rows =
                em.createNativeQuery(
                                "select raw, tx_hash, payment_id, attempts, nonce, gas_limit from"
                                        + " chain_transactions where id = ?1 and state in"
                                        + " ('signed', 'submitted') for update skip locked")
                        .setParameter(1, id)
                        .getResultList();
        if (rows.isEmpty()) {
            return Step.NOTHING;
        }
        Object[] row = (Object[]) rows.get(0);
        String paymentId = (String) row[2];
        try (ChainConnection connection = chain.getConnection()) {
            try {
                connection.broadcast((String) row[0]);
            } catch (ChainRejectedException e) {
                if (connection.outcome((String) row[1]).isPresent()) {
                    submitted(id, paymentId);
                    return Step.DONE;
                }
                refused(connection, id, paymentId, row, e.getMessage());
                return Step.DONE;
            }
            submitted(id, paymentId);
            return Step.DONE;
        } catch (ChainException e) {
            return chainDown();
        }
    }

    private void submitted(long id, String paymentId) {
        em.createNativeQuery(
                        "update chain_transactions set state = 'submitted', updated_at = ?2"
                                + " where id = ?1")
                .setParameter(1, id)
                .setParameter(2, now())
                .executeUpdate();
        if (paymentId != null) {
            em.createNativeQuery(
                            "update payments set state = 'submitted', updated_at = ?2 where id ="
                                    + " ?1 and state = 'pending'")
                    .setParameter(1, paymentId)
                    .setParameter(2, now())
                    .executeUpdate();
        }
    }

    private void refused(
            ChainConnection connection, long id, String paymentId, Object[] row, String reason) {
        int attempts = ((Number) row[3]).intValue() + 1;
        long nonce = ((Number) row[4]).longValue();
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("nonce too low")) {
            // The nonce was taken by a transaction that is not ours: nothing of ours was sent.
            LOG.log(
                    Level.SEVERE,
                    "Nonce {0} of transaction {1} was used by another transaction; payment {2}"
                            + " fails and is not sent",
                    new Object[] {nonce, id, paymentId});
            fail(id, paymentId, "The signer's nonce was used outside Chroom.");
            return;
        }
        if (attempts < MAX_REFUSALS) {
            LOG.log(
                    Level.WARNING,
                    "The chain refused transaction {0} of payment {1} ({2}); it is signed again"
                            + " at nonce {3} and retried",
                    new Object[] {id, paymentId, reason, nonce});
            ChainCall call = call(id);
            SignedTransaction again = connection.sign(call, nonce, ((Number) row[5]).longValue());
            em.createNativeQuery(
                            "update chain_transactions set state = 'signed', tx_hash = ?2, raw ="
                                    + " ?3, attempts = ?4, last_error = ?5, updated_at = ?6"
                                    + " where id = ?1")
                    .setParameter(1, id)
                    .setParameter(2, again.hash())
                    .setParameter(3, again.raw())
                    .setParameter(4, attempts)
                    .setParameter(5, truncate(reason))
                    .setParameter(6, now())
                    .executeUpdate();
            return;
        }
        // The nonce must still be used, or every later transaction waits behind it.
        String signer = connection.network().signer();
        ChainCall filler = ChainCall.transfer(signer, BigInteger.ZERO);
        SignedTransaction replacement = connection.sign(filler, nonce, 100_000);
        em.createNativeQuery(
                        "update chain_transactions set state = 'signed', contract = ?2, data ="
                                + " ?3, tx_hash = ?4, raw = ?5, attempts = ?6, last_error = ?7,"
                                + " updated_at = ?8, payment_id = null where id = ?1")
                .setParameter(1, id)
                .setParameter(2, filler.contract().name())
                .setParameter(3, filler.data())
                .setParameter(4, replacement.hash())
                .setParameter(5, replacement.raw())
                .setParameter(6, attempts)
                .setParameter(7, truncate(reason))
                .setParameter(8, now())
                .executeUpdate();
        LOG.log(
                Level.SEVERE,
                "The chain refused transaction {0} of payment {1} {2} times ({3}); the payment"
                        + " fails and nonce {4} goes to a zero transfer",
                new Object[] {id, paymentId, attempts, reason, nonce});
        failPayment(paymentId, "The chain refused the transaction: " + reason);
    }

    /** Looks for the receipt of one sent transaction and settles it at enough confirmations. */
    public Step follow(long id) {
        List<?> rows =
                em.createNativeQuery(
                                "select tx_hash, payment_id, updated_at from chain_transactions"
                                        + " where id = ?1 and state = 'submitted' for update skip"
                                        + " locked")
                        .setParameter(1, id)
                        .getResultList();
        if (rows.isEmpty()) {
            return Step.NOTHING;
        }
        Object[] row = (Object[]) rows.get(0);
        String hash = (String) row[0];
        String paymentId = (String) row[1];
        try (ChainConnection connection = chain.getConnection()) {
            var outcome = connection.outcome(hash);
            if (outcome.isEmpty()) {
                Instant sent = TokenService.instant(row[2]);
                if (sent.plus(RESEND_AFTER).isBefore(Instant.now())) {
                    // Lost by the node (a restart with an empty pool): the same bytes again.
                    em.createNativeQuery(
                                    "update chain_transactions set state = 'signed' where id = ?1")
                            .setParameter(1, id)
                            .executeUpdate();
                }
                return Step.NOTHING;
            }
            TransactionOutcome mined = outcome.get();
            if (mined.confirmations() < confirmations) {
                return Step.NOTHING;
            }
            settle(id, paymentId, mined);
            return Step.DONE;
        } catch (ChainException e) {
            return chainDown();
        }
    }

    private void settle(long id, String paymentId, TransactionOutcome mined) {
        em.createNativeQuery(
                        "update chain_transactions set state = ?2, block_number = ?3, gas_used ="
                                + " ?4, updated_at = ?5 where id = ?1")
                .setParameter(1, id)
                .setParameter(2, mined.succeeded() ? "confirmed" : "failed")
                .setParameter(3, mined.blockNumber())
                .setParameter(4, mined.gasUsed())
                .setParameter(5, now())
                .executeUpdate();
        if (paymentId == null) {
            return;
        }
        if (!mined.succeeded()) {
            failPayment(paymentId, "The transaction " + mined.hash() + " reverted on chain.");
            return;
        }
        Number open =
                (Number)
                        em.createNativeQuery(
                                        "select count(*) from chain_transactions where"
                                                + " payment_id = ?1 and state <> 'confirmed'")
                                .setParameter(1, paymentId)
                                .getSingleResult();
        if (open.longValue() > 0) {
            return;
        }
        List<?> payment =
                em.createNativeQuery(
                                "select account_id, method, amount from payments where id = ?1"
                                        + " and state in ('pending', 'submitted') for update")
                        .setParameter(1, paymentId)
                        .getResultList();
        if (payment.isEmpty()) {
            return;
        }
        Object[] p = (Object[]) payment.get(0);
        em.createNativeQuery(
                        "update payments set state = 'confirmed', updated_at = ?2 where id = ?1")
                .setParameter(1, paymentId)
                .setParameter(2, now())
                .executeUpdate();
        if ("permit".equals(p[1])) {
            TokenLedger.record(
                    em,
                    (String) p[0],
                    "permit",
                    TokenService.units(p[2]),
                    "payment:" + paymentId,
                    Instant.now());
        }
        LOG.log(Level.INFO, "Payment {0} confirmed", paymentId);
    }

    private void fail(long id, String paymentId, String reason) {
        em.createNativeQuery(
                        "update chain_transactions set state = 'failed', last_error = ?2,"
                                + " updated_at = ?3 where id = ?1")
                .setParameter(1, id)
                .setParameter(2, truncate(reason))
                .setParameter(3, now())
                .executeUpdate();
        // The payment's later steps would only fail after it: they are not sent.
        if (paymentId != null) {
            em.createNativeQuery(
                            "update chain_transactions set state = 'failed', last_error ="
                                    + " 'an earlier step failed', updated_at = ?2 where"
                                    + " payment_id = ?1 and state = 'pending'")
                    .setParameter(1, paymentId)
                    .setParameter(2, now())
                    .executeUpdate();
        }
        failPayment(paymentId, reason);
    }

    /** Marks a payment failed and gives a balance payment's tokens back to the account. */
    private void failPayment(String paymentId, String reason) {
        if (paymentId == null) {
            return;
        }
        List<?> payment =
                em.createNativeQuery(
                                "select account_id, method, amount from payments where id = ?1"
                                        + " and state in ('pending', 'submitted') for update")
                        .setParameter(1, paymentId)
                        .getResultList();
        if (payment.isEmpty()) {
            return;
        }
        Object[] p = (Object[]) payment.get(0);
        em.createNativeQuery(
                        "update payments set state = 'failed', failure = ?2, updated_at = ?3"
                                + " where id = ?1")
                .setParameter(1, paymentId)
                .setParameter(2, truncate(reason))
                .setParameter(3, now())
                .executeUpdate();
        if ("balance".equals(p[1])) {
            TokenLedger.record(
                    em,
                    (String) p[0],
                    "refund",
                    TokenService.units(p[2]),
                    "refund:" + paymentId,
                    Instant.now());
        }
        LOG.log(Level.INFO, "Payment {0} failed: {1}", new Object[] {paymentId, reason});
    }

    private ChainCall call(long id) {
        Object[] row =
                (Object[])
                        em.createNativeQuery(
                                        "select contract, data from chain_transactions where id ="
                                                + " ?1")
                                .setParameter(1, id)
                                .getSingleResult();
        return new ChainCall(ChainCall.Contract.valueOf((String) row[0]), (String) row[1]);
    }

    private Step chainDown() {
        // Nothing of this step may stay, above all not a nonce taken for a transaction that was
        // not signed: the row stays as it was for the next tick.
        context.setRollbackOnly();
        return Step.CHAIN_DOWN;
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= 500 ? text : text.substring(0, 500);
    }
}

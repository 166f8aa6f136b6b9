package io.chroom.application.token;

import io.chroom.application.webhook.WebhookOutbox;
import io.chroom.chain.api.ChainCall;
import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainConnectionFactory;
import io.chroom.chain.api.ChainException;
import io.chroom.chain.api.ChainRejectedException;
import io.chroom.chain.api.GasEstimate;
import io.chroom.chain.api.SignedTransaction;
import io.chroom.chain.api.TransactionOutcome;
import io.chroom.domain.model.webhook.EventType;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The steps of the chain outbox, each in a transaction of its own: sign a batch of pending
 * transactions at consecutive nonces, send a batch of signed ones, follow sent ones to their
 * receipts. A transaction's raw bytes are committed before they are first sent, so whatever happens
 * between sending and the receipt (a crash, a lost answer, a chain that went away) is resolved by
 * sending the same bytes again or finding their receipt: one nonce, one transaction, never two.
 *
 * <p>Nonces are handed out under the lock of the signer's row in {@code chain_signers}, in the
 * order transactions were written, so concurrent requests and several servers never share one. A
 * call that would revert is refused at signing (by estimating its gas) and takes no nonce; a
 * transaction the node keeps refusing is replaced at its nonce by a zero transfer, so no later
 * transaction waits behind a gap.
 *
 * <p>Each step talks to the chain in as few requests as it can: a batch's estimates, its sends and
 * its receipts are each one JSON-RPC batch, and its signatures share one fee quote, so the cost of
 * a transaction is a few database statements rather than several round trips to the chain.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ChainOutbox {

    private static final Logger LOG = Logger.getLogger(ChainOutbox.class.getName());

    /** Refusals of one signed transaction after which its nonce is given to a filler. */
    static final int MAX_REFUSALS = 5;

    /** A sent transaction with no receipt after this long is sent again (same bytes). */
    static final Duration RESEND_AFTER = Duration.ofSeconds(20);

    /**
     * What a step did.
     *
     * @param handled how many transactions it took up
     * @param chainDown whether the chain did not answer (nothing of the step was kept)
     */
    public record Pass(int handled, boolean chainDown) {}

    /**
     * A sent transaction and what the chain says of it.
     *
     * @param id its row
     * @param hash the hash it was sent with
     * @param outcome its receipt, null while it is in no block
     * @param stale whether it has waited for a block longer than {@link #RESEND_AFTER}
     */
    public record Sent(long id, String hash, TransactionOutcome outcome, boolean stale) {}

    @PersistenceContext private EntityManager em;

    @Resource private SessionContext context;

    @Resource(lookup = "eis/chroom/chain")
    private ChainConnectionFactory chain;

    @EJB private WebhookOutbox webhooks;

    @Inject
    @ConfigProperty(name = "chroom.chain.confirmations", defaultValue = "12")
    private int confirmations;

    /** A pending transaction as the signing step reads it. */
    private record Pending(
            long id, ChainCall call, boolean estimate, Long gasLimit, String paymentId, int step) {}

    /**
     * Estimates up to {@code limit} pending transactions in one request, fails those the chain
     * would refuse, and signs the others at consecutive nonces, in the order they were written.
     */
    public Pass signPending(int limit) {
        return sign(pending(limit, null));
    }

    /** Signs the one pending transaction {@code id}, as {@link #signPending} would. */
    public Pass signOne(long id) {
        return sign(pending(1, id));
    }

    private Pass sign(List<Pending> rows) {
        if (rows.isEmpty()) {
            return new Pass(0, false);
        }
        try (ChainConnection connection = chain.getConnection()) {
            List<GasEstimate> estimates =
                    connection.estimateAll(
                            rows.stream().filter(Pending::estimate).map(Pending::call).toList());
            int estimated = 0;

            Set<String> failedPayments = new HashSet<>();
            List<Pending> signable = new ArrayList<>();
            List<Long> gas = new ArrayList<>();
            for (Pending row : rows) {
                GasEstimate estimate = row.estimate() ? estimates.get(estimated++) : null;
                if (row.paymentId() != null && failedPayments.contains(row.paymentId())) {
                    continue;
                }
                long limitOfRow;
                if (estimate != null) {
                    if (estimate.refused()) {
                        fail(
                                row.id(),
                                row.paymentId(),
                                "The chain refused the transaction: " + estimate.refusal());
                        if (row.paymentId() != null) {
                            failedPayments.add(row.paymentId());
                        }
                        continue;
                    }
                    limitOfRow = estimate.gas() * 5 / 4 + 10_000;
                } else {
                    limitOfRow = row.gasLimit();
                }
                signable.add(row);
                gas.add(limitOfRow);
            }
            if (signable.isEmpty()) {
                return new Pass(rows.size(), false);
            }

            String signer = connection.network().signer();
            long first = takeNonces(connection, signer, signable.size());
            List<SignedTransaction> signed =
                    connection.signAll(signable.stream().map(Pending::call).toList(), first, gas);
            Timestamp now = now();
            for (int i = 0; i < signable.size(); i++) {
                SignedTransaction transaction = signed.get(i);
                em.createNativeQuery(
                                "update chain_transactions set state = 'signed', signer = ?2,"
                                        + " nonce = ?3, tx_hash = ?4, raw = ?5, gas_limit = ?6,"
                                        + " updated_at = ?7 where id = ?1")
                        .setParameter(1, signable.get(i).id())
                        .setParameter(2, signer)
                        .setParameter(3, transaction.nonce())
                        .setParameter(4, transaction.hash())
                        .setParameter(5, transaction.raw())
                        .setParameter(6, gas.get(i))
                        .setParameter(7, now)
                        .executeUpdate();
            }
            LOG.log(
                    Level.FINE,
                    "{0} transactions signed at nonces {1} to {2}",
                    new Object[] {signable.size(), first, first + signable.size() - 1});
            return new Pass(rows.size(), false);
        } catch (ChainRejectedException e) {
            LOG.log(
                    Level.WARNING,
                    "{0} pending transactions could not be signed ({1}); they stay pending",
                    new Object[] {rows.size(), e.getMessage()});
            context.setRollbackOnly();
            return new Pass(0, false);
        } catch (ChainException e) {
            return chainDown();
        }
    }

    /**
     * The oldest pending transactions, locked; a later step of a payment waits for its earlier
     * steps to be signed first (in this batch or before), so that it gets the later nonce.
     */
    private List<Pending> pending(int limit, Long only) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select id, contract, data, estimate, gas_limit, payment_id, step"
                                        + " from chain_transactions where state = 'pending' and"
                                        + " (cast(?2 as bigint) is null or id = ?2) order by id"
                                        + " limit ?1 for update skip locked")
                        .setParameter(1, limit)
                        .setParameter(2, only)
                        .getResultList();
        List<Pending> pending = new ArrayList<>(rows.size());
        Set<String> stepsTaken = new HashSet<>();
        for (Object[] row : rows) {
            Pending p =
                    new Pending(
                            ((Number) row[0]).longValue(),
                            new ChainCall(
                                    ChainCall.Contract.valueOf((String) row[1]), (String) row[2]),
                            (Boolean) row[3],
                            row[4] == null ? null : ((Number) row[4]).longValue(),
                            (String) row[5],
                            ((Number) row[6]).intValue());
            if (p.paymentId() != null
                    && p.step() > 0
                    && !stepsTaken.contains(p.paymentId() + ":" + (p.step() - 1))
                    && earlierStepPending(p)) {
                continue;
            }
            if (p.paymentId() != null) {
                stepsTaken.add(p.paymentId() + ":" + p.step());
            }
            pending.add(p);
        }
        return pending;
    }

    private boolean earlierStepPending(Pending row) {
        return !em.createNativeQuery(
                        "select 1 from chain_transactions where payment_id = ?1 and step < ?2"
                                + " and state = 'pending'")
                .setParameter(1, row.paymentId())
                .setParameter(2, row.step())
                .getResultList()
                .isEmpty();
    }

    /**
     * The first of {@code count} consecutive nonces of the signer, under its row's lock: the
     * database's count, moved up to the chain's when something else used the signer (the deployer
     * on a development chain).
     */
    private long takeNonces(ChainConnection connection, String signer, int count) {
        long chainPending = connection.signerNonce();
        em.createNativeQuery(
                        "insert into chain_signers (address, next_nonce) values (?1, ?2)"
                                + " on conflict do nothing")
                .setParameter(1, signer)
                .setParameter(2, chainPending)
                .executeUpdate();
        long next =
                ((Number)
                                em.createNativeQuery(
                                                "select next_nonce from chain_signers where"
                                                        + " address = ?1 for update")
                                        .setParameter(1, signer)
                                        .getSingleResult())
                        .longValue();
        // Read again under the lock: another server may have sent up to it meanwhile.
        chainPending = connection.signerNonce();
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
        if (inFlight == 0 && next > chainPending) {
            // Nothing of ours is on its way, so the chain's count is the truth: it was reset.
            LOG.log(
                    Level.WARNING,
                    "Signer {0} is at nonce {1} on chain, behind this outbox's {2}; going on from"
                            + " the chain's",
                    new Object[] {signer, chainPending, next});
            next = chainPending;
        } else if (mined > next) {
            LOG.log(
                    Level.WARNING,
                    "Signer {0} has used nonces up to {1} outside this outbox; going on from there",
                    new Object[] {signer, chainPending});
            next = chainPending;
        }
        em.createNativeQuery("update chain_signers set next_nonce = ?2 where address = ?1")
                .setParameter(1, signer)
                .setParameter(2, next + count)
                .executeUpdate();
        return next;
    }

    /** The oldest pending transactions' ids, for taking them one at a time. */
    @SuppressWarnings("unchecked")
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Long> pendingIds(int limit) {
        return ((List<Number>)
                        em.createNativeQuery(
                                        "select id from chain_transactions where state ="
                                                + " 'pending' order by id limit ?1")
                                .setParameter(1, limit)
                                .getResultList())
                .stream().map(Number::longValue).toList();
    }

    /**
     * Counts a failure of a pending transaction's signing step for a reason other than the chain (a
     * value the database refuses, say); after {@link #MAX_REFUSALS} of them the transaction is
     * failed, unsent, so that those behind it are not held up for ever.
     */
    public void failedToSign(long id, String reason) {
        List<?> rows =
                em.createNativeQuery(
                                "update chain_transactions set attempts = attempts + 1,"
                                        + " last_error = ?2 where id = ?1 and state = 'pending'"
                                        + " returning attempts, payment_id")
                        .setParameter(1, id)
                        .setParameter(2, truncate(reason))
                        .getResultList();
        if (rows.isEmpty()) {
            return;
        }
        Object[] row = (Object[]) rows.get(0);
        int attempts = ((Number) row[0]).intValue();
        String paymentId = (String) row[1];
        if (attempts < MAX_REFUSALS) {
            LOG.log(
                    Level.WARNING,
                    "Transaction {0} of payment {1} failed to sign ({2}); it is tried again",
                    new Object[] {id, paymentId, reason});
            return;
        }
        LOG.log(
                Level.SEVERE,
                "Transaction {0} of payment {1} failed to sign {2} times ({3}); it fails, unsent",
                new Object[] {id, paymentId, attempts, reason});
        fail(id, paymentId, "The outbox could not sign the transaction: " + reason);
    }

    /**
     * Sends up to {@code limit} signed transactions (again), in nonce order, in one request; one
     * the node refuses is signed again and retried, then replaced.
     */
    public Pass sendSigned(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select raw, tx_hash, payment_id, attempts, nonce, gas_limit, id"
                                        + " from chain_transactions where state = 'signed' order"
                                        + " by nonce limit ?1 for update skip locked")
                        .setParameter(1, limit)
                        .getResultList();
        if (rows.isEmpty()) {
            return new Pass(0, false);
        }
        try (ChainConnection connection = chain.getConnection()) {
            List<String> refusals =
                    connection.broadcastAll(rows.stream().map(row -> (String) row[0]).toList());
            for (int i = 0; i < rows.size(); i++) {
                Object[] row = rows.get(i);
                long id = ((Number) row[6]).longValue();
                String paymentId = (String) row[2];
                String refusal = refusals.get(i);
                if (refusal == null || connection.outcome((String) row[1]).isPresent()) {
                    submitted(id, paymentId);
                } else {
                    refused(connection, id, paymentId, row, refusal);
                }
            }
            return new Pass(rows.size(), false);
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

    /**
     * Asks the chain, in one request, for the receipts of up to {@code limit} sent transactions;
     * changes nothing. Null when the chain does not answer.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Sent> sent(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select id, tx_hash, updated_at from chain_transactions where"
                                        + " state = 'submitted' order by id limit ?1")
                        .setParameter(1, limit)
                        .getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, TransactionOutcome> outcomes;
        try (ChainConnection connection = chain.getConnection()) {
            outcomes = connection.outcomes(rows.stream().map(row -> (String) row[1]).toList());
        } catch (ChainException e) {
            return null;
        }
        Instant staleBefore = Instant.now().minus(RESEND_AFTER);
        List<Sent> sent = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            String hash = (String) row[1];
            sent.add(
                    new Sent(
                            ((Number) row[0]).longValue(),
                            hash,
                            outcomes.get(hash),
                            TokenService.instant(row[2]).isBefore(staleBefore)));
        }
        return sent;
    }

    /** Whether a sent transaction's outcome is deep enough to settle it. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean isFinal(TransactionOutcome outcome) {
        return outcome.confirmations() >= confirmations;
    }

    /**
     * Settles one sent transaction whose receipt has enough confirmations, unless it changed
     * meanwhile (sent again with other bytes, or settled by another server).
     */
    public void settle(long id, String hash, TransactionOutcome mined) {
        List<?> rows =
                em.createNativeQuery(
                                "select payment_id from chain_transactions where id = ?1 and"
                                        + " state = 'submitted' and tx_hash = ?2 for update skip"
                                        + " locked")
                        .setParameter(1, id)
                        .setParameter(2, hash)
                        .getResultList();
        if (rows.isEmpty()) {
            return;
        }
        settled(id, (String) rows.get(0), mined);
    }

    /** Settles, in one transaction, sent transactions whose receipts have enough confirmations. */
    public void settleAll(List<Sent> finals) {
        if (finals.isEmpty()) {
            return;
        }
        for (Sent transaction : finals) {
            settle(transaction.id(), transaction.hash(), transaction.outcome());
        }
    }

    /** A sent transaction lost by the node (a restart with an empty pool): the same bytes again. */
    public void resend(long id, String hash) {
        em.createNativeQuery(
                        "update chain_transactions set state = 'signed' where id = ?1 and state ="
                                + " 'submitted' and tx_hash = ?2")
                .setParameter(1, id)
                .setParameter(2, hash)
                .executeUpdate();
    }

    private void settled(long id, String paymentId, TransactionOutcome mined) {
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
        Object[] p = lockOpenPayment(paymentId);
        if (p == null) {
            return;
        }
        String accountId = (String) p[0];
        em.createNativeQuery(
                        "update payments set state = 'confirmed', updated_at = ?2 where id = ?1")
                .setParameter(1, paymentId)
                .setParameter(2, now())
                .executeUpdate();
        if ("permit".equals(p[1])) {
            TokenLedger.record(
                    em,
                    accountId,
                    "permit",
                    TokenService.units(p[2]),
                    "payment:" + paymentId,
                    Instant.now());
        }
        announce(accountId, EventType.PAYMENT_CONFIRMED, paymentId);
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
        if (paymentId == null) {
            LOG.log(
                    Level.WARNING,
                    "Transaction {0} fails and is not sent: {1}",
                    new Object[] {id, reason});
            return;
        }
        // The payment's later steps would only fail after it: they are not sent.
        em.createNativeQuery(
                        "update chain_transactions set state = 'failed', last_error ="
                                + " 'an earlier step failed', updated_at = ?2 where"
                                + " payment_id = ?1 and state = 'pending'")
                .setParameter(1, paymentId)
                .setParameter(2, now())
                .executeUpdate();
        failPayment(paymentId, reason);
    }

    /**
     * The account, method and amount of a payment that is still pending or submitted, locked for
     * this transaction; null once it is confirmed or failed.
     */
    private Object[] lockOpenPayment(String paymentId) {
        List<?> payment =
                em.createNativeQuery(
                                "select account_id, method, amount from payments where id = ?1"
                                        + " and state in ('pending', 'submitted') for update")
                        .setParameter(1, paymentId)
                        .getResultList();
        return payment.isEmpty() ? null : (Object[]) payment.get(0);
    }

    /** Marks a payment failed and gives a balance payment's tokens back to the account. */
    private void failPayment(String paymentId, String reason) {
        if (paymentId == null) {
            return;
        }
        Object[] p = lockOpenPayment(paymentId);
        if (p == null) {
            return;
        }
        String accountId = (String) p[0];
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
                    accountId,
                    "refund",
                    TokenService.units(p[2]),
                    "refund:" + paymentId,
                    Instant.now());
        }
        announce(accountId, EventType.PAYMENT_FAILED, paymentId);
        LOG.log(Level.INFO, "Payment {0} failed: {1}", new Object[] {paymentId, reason});
    }

    /**
     * Tells the payment's account, in the transaction that changed the payment: the event is sent
     * if and only if the change commits.
     */
    private void announce(String accountId, EventType type, String paymentId) {
        webhooks.publish(accountId, type, paymentId, TokenService.view(em, accountId, paymentId));
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

    private Pass chainDown() {
        // Nothing of this step may stay, above all not a nonce taken for a transaction that was
        // not signed: the rows stay as they were for the next tick.
        context.setRollbackOnly();
        return new Pass(0, true);
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }

    /** At most 500 characters of text, without control characters (PostgreSQL refuses NUL). */
    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 500 ? printable : printable.substring(0, 500);
    }
}

package io.chroom.application.token;

import io.chroom.application.governance.ProposalEvents;
import io.chroom.chain.api.ChainEvent;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies confirmed chain events once each, and keeps the follower's cursor in the same
 * transaction. A token transfer to the treasury from a linked wallet credits that wallet's account;
 * the treasury's own collections of permit payments are credited by the payment, not here. The
 * governor's events keep the proposals table.
 */
@Stateless
public class ChainEventLedger {

    static final String CURSOR = "events";

    private static final Logger LOG = Logger.getLogger(ChainEventLedger.class.getName());

    @PersistenceContext private EntityManager em;

    @EJB private ProposalEvents proposals;

    /** Block after which a network with no cursor yet starts (its contracts' deployment). */
    @Inject
    @ConfigProperty(name = "chroom.chain.start.block", defaultValue = "0")
    private long startBlock;

    public long cursor() {
        List<?> rows =
                em.createNativeQuery("select block_number from chain_cursors where name = ?1")
                        .setParameter(1, CURSOR)
                        .getResultList();
        return rows.isEmpty() ? Math.max(0, startBlock - 1) : ((Number) rows.get(0)).longValue();
    }

    public void apply(List<ChainEvent> events, long throughBlock) {
        for (ChainEvent event : events) {
            int fresh =
                    em.createNativeQuery(
                                    "insert into chain_events_applied (id, type, block_number,"
                                            + " applied_at) values (?1, ?2, ?3, ?4) on conflict"
                                            + " do nothing")
                            .setParameter(1, event.id())
                            .setParameter(2, event.type())
                            .setParameter(3, event.blockNumber())
                            .setParameter(4, Timestamp.from(Instant.now()))
                            .executeUpdate();
            if (fresh == 1 && event.type().equals("token.transfer")) {
                deposit(event);
            } else if (fresh == 1 && event.type().equals("rewards.claimed")) {
                claimed(event);
            } else if (fresh == 1
                    && (event.type().startsWith("governance.")
                            || event.type().equals("parameters.changed"))) {
                proposals.apply(event);
            }
        }
        em.createNativeQuery(
                        "insert into chain_cursors (name, block_number) values (?1, ?2)"
                                + " on conflict (name) do update set block_number ="
                                + " greatest(chain_cursors.block_number, excluded.block_number)")
                .setParameter(1, CURSOR)
                .setParameter(2, throughBlock)
                .executeUpdate();
    }

    /** An operator claimed its reward for an epoch: the reward shows as claimed from now on. */
    private void claimed(ChainEvent event) {
        int rows =
                em.createNativeQuery(
                                "update operator_rewards set claimed_at = ?3, claim_tx_hash = ?4"
                                        + " where epoch = ?1 and operator = ?2 and claimed_at is"
                                        + " null")
                        .setParameter(1, Long.parseLong(event.fields().get("epoch")))
                        .setParameter(2, event.fields().get("operator").toLowerCase())
                        .setParameter(3, Timestamp.from(Instant.now()))
                        .setParameter(4, event.transactionHash())
                        .executeUpdate();
        LOG.log(
                rows == 1 ? Level.INFO : Level.WARNING,
                rows == 1
                        ? "Operator {1} claimed its reward of epoch {0}"
                        : "Operator {1} claimed a reward of epoch {0} that this server did not"
                                + " settle; nothing is recorded",
                new Object[] {event.fields().get("epoch"), event.fields().get("operator")});
    }

    private void deposit(ChainEvent event) {
        boolean ours =
                !em.createNativeQuery("select 1 from chain_transactions where tx_hash = ?1")
                        .setParameter(1, event.transactionHash())
                        .getResultList()
                        .isEmpty();
        if (ours) {
            return;
        }
        String from = event.fields().get("from").toLowerCase();
        List<?> account =
                em.createNativeQuery("select account_id from wallet_links where address = ?1")
                        .setParameter(1, from)
                        .getResultList();
        BigInteger value = new BigInteger(event.fields().get("value"));
        if (account.isEmpty()) {
            LOG.log(
                    Level.INFO,
                    "Transfer {0} of {1} base units to the treasury came from {2}, a wallet no"
                            + " account has linked; it is not credited",
                    new Object[] {event.id(), value, from});
            return;
        }
        TokenLedger.record(
                em,
                (String) account.get(0),
                "deposit",
                value,
                "deposit:" + event.id(),
                Instant.now());
        LOG.log(
                Level.INFO,
                "Deposit {0} of {1} base units credited to account {2}",
                new Object[] {event.id(), value, account.get(0)});
    }
}

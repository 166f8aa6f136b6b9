package io.chroom.application.governance;

import io.chroom.application.ApiTime;
import io.chroom.chain.api.ChainEvent;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the proposals table from the governor's confirmed events, in the transaction that applies
 * them and moves the follower's cursor, each event once. Parameter changes need nothing kept: the
 * API reads the parameters from the chain on every use, so an executed change applies at once.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class ProposalEvents {

    private static final Logger LOG = Logger.getLogger(ProposalEvents.class.getName());

    @PersistenceContext private EntityManager em;

    /** Applies one event the ledger has not applied before. */
    public void apply(ChainEvent event) {
        switch (event.type()) {
            case "governance.proposed" -> proposed(event);
            case "governance.voted" -> voted(event);
            case "governance.queued" -> {
                em.createNativeQuery(
                                "update governance_proposals set state = 'queued', eta_seconds ="
                                        + " ?2 where id = ?1 and state not in ('executed',"
                                        + " 'canceled')")
                        .setParameter(1, id(event))
                        .setParameter(2, Long.parseLong(event.fields().get("eta_seconds")))
                        .executeUpdate();
            }
            case "governance.executed" -> {
                settled(event, "executed");
                LOG.log(
                        Level.INFO,
                        "Proposal {0} executed in block {1}; what it set applies from now on",
                        new Object[] {event.fields().get("proposal_id"), event.blockNumber()});
            }
            case "governance.canceled" -> settled(event, "canceled");
            case "parameters.changed" ->
                    LOG.log(
                            Level.INFO,
                            "Network parameter {0} changed from {1} to {2} in block {3}",
                            new Object[] {
                                event.fields().get("name"),
                                event.fields().get("old_value"),
                                event.fields().get("new_value"),
                                event.blockNumber()
                            });
            default -> {
                // Not a governance event.
            }
        }
    }

    private void proposed(ChainEvent event) {
        var f = event.fields();
        // A proposal made through the API is here already; the event adds what the chain decided.
        em.createNativeQuery(
                        "insert into governance_proposals (id, proposer, description, targets,"
                                + " call_values, calldatas, state, vote_start, vote_end,"
                                + " block_number, created_at) values (?1, ?2, ?3, ?4, ?5, ?6,"
                                + " 'pending', ?7, ?8, ?9, ?10) on conflict (id) do update set"
                                + " proposer = excluded.proposer, vote_start ="
                                + " excluded.vote_start, vote_end = excluded.vote_end,"
                                + " block_number = excluded.block_number")
                .setParameter(1, id(event))
                .setParameter(2, f.get("proposer").toLowerCase())
                .setParameter(3, f.get("description"))
                .setParameter(4, f.get("targets").toLowerCase())
                .setParameter(5, f.getOrDefault("values", ""))
                .setParameter(6, f.get("calldatas"))
                .setParameter(7, Long.parseLong(f.get("vote_start")))
                .setParameter(8, Long.parseLong(f.get("vote_end")))
                .setParameter(9, event.blockNumber())
                .setParameter(10, Timestamp.from(ApiTime.now()))
                .executeUpdate();
        LOG.log(
                Level.INFO,
                "Proposal {0} by {1} is on chain (block {2}); its vote runs from block {3} to {4}",
                new Object[] {
                    f.get("proposal_id"),
                    f.get("proposer"),
                    event.blockNumber(),
                    f.get("vote_start"),
                    f.get("vote_end")
                });
    }

    /**
     * Records the vote, and raises the proposal's tally to the sum of its recorded votes (a tally
     * read from the governor earlier may already hold this vote, so it is never simply added).
     */
    private void voted(ChainEvent event) {
        var f = event.fields();
        int support = Integer.parseInt(f.get("support"));
        em.createNativeQuery(
                        "insert into governance_votes (event_id, proposal_id, voter, support,"
                                + " weight, block_number) values (?1, ?2, ?3, ?4, ?5, ?6) on"
                                + " conflict do nothing")
                .setParameter(1, event.id())
                .setParameter(2, id(event))
                .setParameter(3, f.get("voter").toLowerCase())
                .setParameter(4, support)
                .setParameter(5, new BigDecimal(f.get("weight")))
                .setParameter(6, event.blockNumber())
                .executeUpdate();
        String column =
                switch (support) {
                    case 0 -> "votes_against";
                    case 1 -> "votes_for";
                    default -> "votes_abstain";
                };
        em.createNativeQuery(
                        "update governance_proposals set "
                                + column
                                + " = greatest("
                                + column
                                + ", (select coalesce(sum(weight), 0) from governance_votes"
                                + " where proposal_id = ?1 and support = ?2)) where id = ?1")
                .setParameter(1, id(event))
                .setParameter(2, support)
                .executeUpdate();
    }

    private void settled(ChainEvent event, String state) {
        em.createNativeQuery("update governance_proposals set state = ?2 where id = ?1")
                .setParameter(1, id(event))
                .setParameter(2, state)
                .executeUpdate();
    }

    private static BigDecimal id(ChainEvent event) {
        return new BigDecimal(event.fields().get("proposal_id"));
    }
}

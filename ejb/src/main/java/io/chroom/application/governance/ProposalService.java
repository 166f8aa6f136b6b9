package io.chroom.application.governance;

import io.chroom.application.ApiJson;
import io.chroom.application.ApiTime;
import io.chroom.application.Caller;
import io.chroom.application.Callers;
import io.chroom.application.ChainUnavailableException;
import io.chroom.application.Created;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.Page;
import io.chroom.application.StateConflictException;
import io.chroom.application.token.TokenAmounts;
import io.chroom.chain.api.ChainCall;
import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainConnectionFactory;
import io.chroom.chain.api.ChainException;
import io.chroom.chain.api.ChainNetwork;
import io.chroom.chain.api.GovernorProposal;
import io.chroom.chain.api.NetworkParameter;
import io.chroom.domain.model.account.Scope;
import io.chroom.infrastructure.persistence.Cursor;
import io.chroom.infrastructure.persistence.IdempotencyStore;
import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Proposals of parameter changes: listed from the table the chain events keep, with their state and
 * tallies read from the governor as they are answered, and made through the chain outbox, where the
 * platform's signer proposes them (the governor's proposal threshold is zero).
 *
 * <p>A proposal's id is the governor's own (the hash of its calls and description), known before it
 * is sent; so a proposal is listed from its request on, its state first the relay's.
 */
@Stateless
@DeclareRoles({Scope.TOKENS_READ_ROLE, Scope.GOVERNANCE_WRITE_ROLE})
public class ProposalService {

    private static final Logger LOG = Logger.getLogger(ProposalService.class.getName());

    /** States after which the governor changes nothing; such proposals are not read again. */
    private static final Set<String> FINAL =
            Set.of("canceled", "defeated", "expired", "executed", "failed");

    private static final String COLUMNS =
            "select p.id, p.proposer, p.description, p.targets, p.calldatas, p.state,"
                    + " p.votes_for, p.votes_against, p.votes_abstain, p.vote_start, p.vote_end,"
                    + " p.created_at, t.state, t.tx_hash, t.contract, p.eta_seconds,"
                    + " p.refreshed_at from governance_proposals p left join chain_transactions t"
                    + " on t.id = p.relay_transaction_id";

    @PersistenceContext private EntityManager em;

    @EJB private Callers callers;

    @EJB private IdempotencyStore idempotency;

    @Resource(lookup = "eis/chroom/chain")
    private ChainConnectionFactory chain;

    /**
     * Writes the proposal and the outbox transaction that proposes it, in the request's
     * transaction. The same changes with the same description are the same proposal: a second
     * request for one the chain has (or will have) is a conflict; one whose relay failed is sent
     * again.
     */
    @RolesAllowed(Scope.GOVERNANCE_WRITE_ROLE)
    public Created<ProposalView> propose(ProposalRequest request, String idempotencyKey) {
        Caller caller = callers.current();
        if (idempotencyKey != null) {
            Optional<String> earlier =
                    idempotency.claim(
                            caller.accountId(),
                            idempotencyKey,
                            "create-proposal\n" + ApiJson.JSONB.toJson(request));
            if (earlier.isPresent()) {
                return new Created<>(get(new BigInteger(earlier.get())), true);
            }
        }

        List<NetworkParameter.Change> changes = changes(request.changes());
        ChainNetwork network = network();
        List<String> targets = new ArrayList<>();
        List<BigInteger> values = new ArrayList<>();
        List<byte[]> calls = new ArrayList<>();
        for (NetworkParameter.Change change : changes) {
            targets.add(network.parameters());
            values.add(BigInteger.ZERO);
            calls.add(change.parameter().setterCall(change.value()));
        }
        BigInteger id = ChainCall.proposalId(targets, values, calls, request.description());
        boolean retry = checkNew(id);

        ChainCall propose = ChainCall.propose(targets, values, calls, request.description());
        Timestamp now = Timestamp.from(ApiTime.now());
        long relay =
                ((Number)
                                em.createNativeQuery(
                                                "insert into chain_transactions (step, contract,"
                                                        + " data, estimate, state, created_at,"
                                                        + " updated_at) values (0, ?1, ?2, true,"
                                                        + " 'pending', ?3, ?3) returning id")
                                        .setParameter(1, propose.contract().name())
                                        .setParameter(2, propose.data())
                                        .setParameter(3, now)
                                        .getSingleResult())
                        .longValue();
        if (retry) {
            em.createNativeQuery(
                            "update governance_proposals set relay_transaction_id = ?2,"
                                    + " account_id = ?3, state = 'pending' where id = ?1")
                    .setParameter(1, new BigDecimal(id))
                    .setParameter(2, relay)
                    .setParameter(3, caller.accountId())
                    .executeUpdate();
        } else {
            em.createNativeQuery(
                            "insert into governance_proposals (id, description, targets,"
                                    + " call_values, calldatas, state, relay_transaction_id,"
                                    + " account_id, created_at) values (?1, ?2, ?3, ?4, ?5,"
                                    + " 'pending', ?6, ?7, ?8)")
                    .setParameter(1, new BigDecimal(id))
                    .setParameter(2, request.description())
                    .setParameter(3, String.join(",", targets))
                    .setParameter(
                            4, String.join(",", values.stream().map(String::valueOf).toList()))
                    .setParameter(
                            5, String.join(",", calls.stream().map(ProposalService::hex).toList()))
                    .setParameter(6, relay)
                    .setParameter(7, caller.accountId())
                    .setParameter(8, now)
                    .executeUpdate();
        }
        if (idempotencyKey != null) {
            idempotency.complete(caller.accountId(), idempotencyKey, id.toString());
        }
        LOG.log(
                Level.INFO,
                "Proposal {0} of account {1} queued for the governor: {2}",
                new Object[] {id, caller.accountId(), describe(changes)});
        return new Created<>(get(id), false);
    }

    @RolesAllowed(Scope.TOKENS_READ_ROLE)
    public ProposalView get(String id) {
        BigInteger proposal;
        try {
            proposal = new BigInteger(id);
        } catch (NumberFormatException e) {
            throw new ObjectNotFoundException("proposal", id);
        }
        if (proposal.signum() < 0 || proposal.bitLength() > 256) {
            throw new ObjectNotFoundException("proposal", id);
        }
        return get(proposal);
    }

    /** Newest first. */
    @RolesAllowed(Scope.TOKENS_READ_ROLE)
    @SuppressWarnings("unchecked")
    public Page<ProposalView> list(int limit, String cursor) {
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        BigInteger afterId = after == null ? null : cursorId(after.id());
        List<Object[]> rows =
                (after == null
                                ? em.createNativeQuery(
                                        COLUMNS + " order by p.created_at desc, p.id desc limit ?1")
                                : em.createNativeQuery(
                                                COLUMNS
                                                        + " where (p.created_at, p.id) < (?2, ?3)"
                                                        + " order by p.created_at desc, p.id desc"
                                                        + " limit ?1")
                                        .setParameter(2, Timestamp.from(after.createdAt()))
                                        .setParameter(3, new BigDecimal(afterId)))
                        .setParameter(1, limit + 1)
                        .getResultList();
        boolean more = rows.size() > limit;
        List<Object[]> page = more ? rows.subList(0, limit) : rows;
        List<ProposalView> views = refreshed(page.stream().map(ProposalService::view).toList());
        ProposalView last = more ? views.get(views.size() - 1) : null;
        return new Page<>(
                views,
                last == null
                        ? null
                        : new Cursor(
                                        ApiTime.fromDatabase(page.get(page.size() - 1)[11]),
                                        new BigInteger(last.id()).toString(16))
                                .encode());
    }

    private ProposalView get(BigInteger id) {
        List<?> rows =
                em.createNativeQuery(COLUMNS + " where p.id = ?1")
                        .setParameter(1, new BigDecimal(id))
                        .getResultList();
        if (rows.isEmpty()) {
            throw new ObjectNotFoundException("proposal", id.toString());
        }
        return refreshed(List.of(view((Object[]) rows.get(0)))).get(0);
    }

    /**
     * The proposals with the governor's state and tallies of now, which are also stored, so that
     * the list answers the latest known ones while the chain does not answer.
     */
    private List<ProposalView> refreshed(List<ProposalView> views) {
        List<BigInteger> open =
                views.stream()
                        .filter(v -> !FINAL.contains(v.state()))
                        .map(v -> new BigInteger(v.id()))
                        .toList();
        if (open.isEmpty()) {
            return views;
        }
        Map<BigInteger, GovernorProposal> onChain;
        try (ChainConnection connection = chain.getConnection()) {
            onChain = connection.proposals(open);
        } catch (ChainException e) {
            LOG.log(
                    Level.FINE,
                    "The governor does not answer; {0} proposals show their stored state ({1})",
                    new Object[] {open.size(), e.getMessage()});
            return views;
        }
        Instant now = ApiTime.now();
        List<ProposalView> answered = new ArrayList<>(views.size());
        for (ProposalView view : views) {
            GovernorProposal proposal = onChain.get(new BigInteger(view.id()));
            if (proposal == null) {
                answered.add(view);
                continue;
            }
            em.createNativeQuery(
                            "update governance_proposals set state = case when state in"
                                    + " ('canceled', 'defeated', 'expired', 'executed') then state"
                                    + " else ?2 end, votes_for = greatest(votes_for, ?3),"
                                    + " votes_against = greatest(votes_against, ?4),"
                                    + " votes_abstain = greatest(votes_abstain, ?5), vote_start ="
                                    + " ?6, vote_end = ?7, proposer = coalesce(proposer, ?8),"
                                    + " refreshed_at = ?9 where id = ?1")
                    .setParameter(1, new BigDecimal(proposal.id()))
                    .setParameter(2, stateName(proposal))
                    .setParameter(3, new BigDecimal(proposal.votesFor()))
                    .setParameter(4, new BigDecimal(proposal.votesAgainst()))
                    .setParameter(5, new BigDecimal(proposal.votesAbstain()))
                    .setParameter(6, proposal.voteStart())
                    .setParameter(7, proposal.voteEnd())
                    .setParameter(8, proposal.proposer())
                    .setParameter(9, Timestamp.from(now))
                    .executeUpdate();
            List<?> row =
                    em.createNativeQuery(COLUMNS + " where p.id = ?1")
                            .setParameter(1, new BigDecimal(proposal.id()))
                            .getResultList();
            answered.add(view((Object[]) row.get(0)));
        }
        return answered;
    }

    private static String stateName(GovernorProposal proposal) {
        return proposal.state().name().toLowerCase(Locale.ROOT);
    }

    /** The changes of a request as the contract takes them; a parameter at most once. */
    private static List<NetworkParameter.Change> changes(List<ProposalRequest.Change> requested) {
        List<NetworkParameter.Change> changes = new ArrayList<>();
        Set<NetworkParameter> seen = EnumSet.noneOf(NetworkParameter.class);
        for (int i = 0; i < requested.size(); i++) {
            ProposalRequest.Change change = requested.get(i);
            String field = "changes[" + i + "]";
            GovernedParameter parameter =
                    GovernedParameter.named(change.parameter())
                            .orElseThrow(
                                    () ->
                                            new InvalidRequestException(
                                                    field + ".parameter",
                                                    "parameter must be one of "
                                                            + GovernedParameter.NAMES
                                                            + "."));
            if (!seen.add(parameter.onChain())) {
                throw new InvalidRequestException(
                        field + ".parameter",
                        parameter.apiName() + " is changed twice; a proposal sets it once.");
            }
            changes.add(
                    new NetworkParameter.Change(
                            parameter.onChain(),
                            parameter.parse(field + ".value", change.value())));
        }
        return changes;
    }

    private ChainNetwork network() {
        ChainNetwork network;
        try (ChainConnection connection = chain.getConnection()) {
            network = connection.network();
        } catch (ChainException e) {
            throw new ChainUnavailableException("The chain connector is not available.");
        }
        if (network.governor().isBlank() || network.parameters().isBlank()) {
            throw new ChainUnavailableException(
                    "This server has no governor or network parameters configured, so it cannot"
                            + " propose.");
        }
        return network;
    }

    /**
     * Refuses a proposal that exists already; answers whether one with the id exists whose relay
     * failed before the chain had it, to be sent again.
     */
    private boolean checkNew(BigInteger id) {
        List<?> rows =
                em.createNativeQuery(COLUMNS + " where p.id = ?1 for update of p")
                        .setParameter(1, new BigDecimal(id))
                        .getResultList();
        if (rows.isEmpty()) {
            return false;
        }
        ProposalView existing = view((Object[]) rows.get(0));
        if ("failed".equals(existing.state())) {
            return true;
        }
        throw new StateConflictException(
                "Proposal "
                        + id
                        + " makes these changes with this description already; give another"
                        + " description to propose them again.");
    }

    private static ProposalView view(Object[] row) {
        String relay = relayState((String) row[12], (String) row[14]);
        boolean onChain = row[9] != null;
        String state = onChain || relay == null ? (String) row[5] : relayStateAsState(relay);
        return new ProposalView(
                ((BigDecimal) row[0]).toBigIntegerExact().toString(),
                (String) row[1],
                (String) row[2],
                state,
                votes(row[6]),
                votes(row[7]),
                votes(row[8]),
                row[9] == null ? null : ((Number) row[9]).longValue(),
                row[10] == null ? null : ((Number) row[10]).longValue(),
                calls((String) row[3], (String) row[4]),
                ApiTime.seconds(ApiTime.fromDatabase(row[11])),
                relay,
                (String) row[13],
                row[15] == null ? null : ((Number) row[15]).longValue(),
                ApiTime.seconds(ApiTime.fromDatabase(row[16])));
    }

    /**
     * The relay's state from its outbox transaction's. A relay the node kept refusing had its nonce
     * given to a zero transfer (its contract is then the token's): the proposal was never sent.
     */
    private static String relayState(String transaction, String contract) {
        if (transaction == null) {
            return null;
        }
        return switch (transaction) {
            case "pending", "signed" -> "pending";
            case "submitted" -> "submitted";
            case "confirmed" ->
                    ChainCall.Contract.GOVERNOR.name().equals(contract) ? "confirmed" : "failed";
            default -> "failed";
        };
    }

    /** Before the governor is seen to have the proposal, its state is the relay's. */
    private static String relayStateAsState(String relay) {
        return switch (relay) {
            case "submitted" -> "submitted";
            case "failed" -> "failed";
            // Mined, not yet read from the governor: its vote has not opened.
            default -> "pending";
        };
    }

    private static List<ProposalView.Change> calls(String targets, String calldatas) {
        if (targets.isEmpty()) {
            return List.of();
        }
        String[] to = targets.split(",");
        String[] data = calldatas.split(",", -1);
        List<ProposalView.Change> changes = new ArrayList<>(to.length);
        for (int i = 0; i < to.length; i++) {
            String calldata = i < data.length ? data[i] : "0x";
            Optional<NetworkParameter.Change> decoded = decode(calldata);
            changes.add(
                    new ProposalView.Change(
                            decoded.map(c -> GovernedParameter.of(c.parameter()).apiName())
                                    .orElse(null),
                            decoded.map(c -> GovernedParameter.of(c.parameter()).format(c.value()))
                                    .orElse(null),
                            to[i],
                            calldata));
        }
        return changes;
    }

    private static Optional<NetworkParameter.Change> decode(String calldata) {
        if (!calldata.matches("0x([0-9a-fA-F]{2})*")) {
            return Optional.empty();
        }
        return NetworkParameter.decode(HexFormat.of().parseHex(calldata.substring(2)));
    }

    private static String votes(Object units) {
        return TokenAmounts.format(((BigDecimal) units).toBigIntegerExact());
    }

    private static BigInteger cursorId(String hex) {
        try {
            return new BigInteger(hex, 16);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(
                    "cursor", "cursor is not valid; pass the next_cursor of a previous page.");
        }
    }

    static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** For the log: a proposal's changes as the API names them. */
    static String describe(List<NetworkParameter.Change> changes) {
        return Arrays.toString(
                changes.stream()
                        .map(
                                c ->
                                        GovernedParameter.of(c.parameter()).apiName()
                                                + "="
                                                + GovernedParameter.of(c.parameter())
                                                        .format(c.value()))
                        .toArray());
    }
}

package io.chroom.application.settlement;

import io.chroom.application.Callers;
import io.chroom.application.ChainUnavailableException;
import io.chroom.application.Created;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.Page;
import io.chroom.application.StateConflictException;
import io.chroom.application.token.TokenAmounts;
import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainConnectionFactory;
import io.chroom.chain.api.ChainException;
import io.chroom.chain.api.ChainNetwork;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The usage ledger and the rewards as the API shows them ({@code tokens:read}): epochs, a meeting's
 * records with their proofs (the caller's own meetings only), and operators' rewards with theirs;
 * and settling an ended epoch at once ({@code nodes:admin}), which the epoch job would otherwise do
 * after its grace period.
 */
@Stateless
@DeclareRoles({Scope.TOKENS_READ_ROLE, Scope.NODES_ADMIN_ROLE})
public class LedgerService {

    @PersistenceContext private EntityManager em;

    @EJB private Callers callers;

    @EJB private Epochs epochs;

    @EJB private IdempotencyStore idempotency;

    @Resource(lookup = "eis/chroom/chain")
    private ChainConnectionFactory chain;

    @RolesAllowed(Scope.TOKENS_READ_ROLE)
    public Page<EpochView> epochs(int limit, String cursor) {
        Long before = cursor == null ? null : number("cursor", Cursor.decode(cursor).id());
        List<EpochView> rows = EpochQueries.newest(em, before, limit + 1);
        List<EpochView> page = rows.subList(0, Math.min(limit, rows.size()));
        String next =
                rows.size() > limit
                        ? new Cursor(Instant.EPOCH, Long.toString(page.get(limit - 1).epoch()))
                                .encode()
                        : null;
        return new Page<>(List.copyOf(page), next);
    }

    @RolesAllowed(Scope.TOKENS_READ_ROLE)
    public EpochView epoch(long number) {
        return EpochQueries.epoch(em, number)
                .orElseThrow(() -> new ObjectNotFoundException("epoch", Long.toString(number)));
    }

    /** The open epoch; while none can open (the chain does not answer) a 503 to retry. */
    @RolesAllowed(Scope.TOKENS_READ_ROLE)
    public EpochView current() {
        return EpochQueries.open(em)
                .orElseThrow(
                        () ->
                                new ChainUnavailableException(
                                        "No epoch is open: the next one opens, from the end of"
                                                + " the last, as soon as the chain's parameters"
                                                + " can be read. Retry shortly."));
    }

    /** The caller's meeting's usage records, each with its proof; {@code epoch} narrows them. */
    @RolesAllowed(Scope.TOKENS_READ_ROLE)
    public UsageProofView proof(String meetingId, Long epoch) {
        List<?> mine =
                em.createNativeQuery("select 1 from meetings where id = ?1 and account_id = ?2")
                        .setParameter(1, meetingId)
                        .setParameter(2, callers.current().accountId())
                        .getResultList();
        if (mine.isEmpty()) {
            throw new ObjectNotFoundException("meeting", meetingId);
        }
        String ledger = contracts().ledger();
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select u.epoch, u.node_id, u.participant_minutes,"
                                        + " u.quality_score, u.leaf, u.proof, e.usage_root, case"
                                        + " when t.contract <> 'LEDGER' then 'failed' when t.state"
                                        + " in ('pending', 'signed') then 'pending' else t.state"
                                        + " end from usage_records u join epochs e on e.number ="
                                        + " u.epoch join chain_transactions t on t.id ="
                                        + " e.usage_tx_id where u.meeting_id = ?1 and u.epoch"
                                        + " between ?2 and ?3 order by u.epoch, u.node_id")
                        .setParameter(1, meetingId)
                        .setParameter(2, epoch == null ? 0 : epoch)
                        .setParameter(3, epoch == null ? Long.MAX_VALUE : epoch)
                        .getResultList();
        List<UsageProofView.RecordProof> records = new ArrayList<>();
        for (Object[] r : rows) {
            records.add(
                    new UsageProofView.RecordProof(
                            ((Number) r[0]).longValue(),
                            (String) r[1],
                            ((Number) r[2]).longValue(),
                            ((Number) r[3]).intValue(),
                            (String) r[4],
                            split((String) r[5]),
                            (String) r[6],
                            ledger,
                            (String) r[7]));
        }
        return new UsageProofView(meetingId, records);
    }

    /**
     * Operators' rewards, newest epoch first, then by operator; {@code epoch} and {@code operator}
     * narrow them.
     */
    @RolesAllowed(Scope.TOKENS_READ_ROLE)
    public Page<RewardView> rewards(Long epoch, String operator, int limit, String cursor) {
        if (operator != null && !operator.matches("0x[0-9a-fA-F]{40}")) {
            throw new InvalidRequestException(
                    "operator", "operator must be a 0x-prefixed address.");
        }
        long afterEpoch = Long.MAX_VALUE;
        String afterOperator = "";
        if (cursor != null) {
            String[] at = Cursor.decode(cursor).id().split("/", 2);
            if (at.length != 2) {
                throw new InvalidRequestException(
                        "cursor", "cursor is not valid; pass the next_cursor of a previous page.");
            }
            afterEpoch = number("cursor", at[0]);
            afterOperator = at[1];
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select o.epoch, o.operator, o.amount, o.participant_minutes,"
                                        + " o.quality_score, o.proof, e.reward_root, case when"
                                        + " t.contract <> 'REWARDS' then 'failed' when t.state in"
                                        + " ('pending', 'signed') then 'pending' else t.state end,"
                                        + " o.claimed_at is not null from operator_rewards o join"
                                        + " epochs e on e.number = o.epoch join chain_transactions"
                                        + " t on t.id = e.reward_tx_id where o.epoch between ?1"
                                        + " and ?2 and (cast(?3 as varchar) is null or o.operator"
                                        + " = ?3) and (o.epoch < ?4 or (o.epoch = ?4 and"
                                        + " o.operator > ?5)) order by o.epoch desc, o.operator"
                                        + " limit ?6")
                        .setParameter(1, epoch == null ? 0 : epoch)
                        .setParameter(2, epoch == null ? Long.MAX_VALUE : epoch)
                        .setParameter(
                                3, operator == null ? null : operator.toLowerCase(Locale.ROOT))
                        .setParameter(4, afterEpoch)
                        .setParameter(5, afterOperator)
                        .setParameter(6, limit + 1)
                        .getResultList();
        List<RewardView> rewards = new ArrayList<>();
        for (Object[] r : rows.subList(0, Math.min(limit, rows.size()))) {
            var units = Epochs.units(r[2]);
            rewards.add(
                    new RewardView(
                            ((Number) r[0]).longValue(),
                            (String) r[1],
                            TokenAmounts.format(units),
                            units.toString(),
                            ((Number) r[3]).longValue(),
                            ((Number) r[4]).intValue(),
                            split((String) r[5]),
                            (String) r[6],
                            (String) r[7],
                            (Boolean) r[8]));
        }
        String next = null;
        if (rows.size() > limit) {
            RewardView last = rewards.get(rewards.size() - 1);
            next = new Cursor(Instant.EPOCH, last.epoch() + "/" + last.operator()).encode();
        }
        return new Page<>(rewards, next);
    }

    /**
     * Settles an ended epoch now, in this request's transaction: its records, charges, rewards and
     * outbox transactions are written before the answer, which the outbox then sends. A replay with
     * the same {@code Idempotency-Key} answers the same settlement.
     */
    @RolesAllowed(Scope.NODES_ADMIN_ROLE)
    public Created<SettlementView> settle(Long number, String idempotencyKey) {
        if (number == null || number < 0) {
            throw new InvalidRequestException("epoch", "epoch must be a whole number from 0.");
        }
        String account = callers.current().accountId();
        if (idempotencyKey != null) {
            Optional<String> earlier =
                    idempotency.claim(account, idempotencyKey, "settle-epoch\n" + number);
            if (earlier.isPresent()) {
                return new Created<>(SettlementView.of(epoch(Long.parseLong(earlier.get()))), true);
            }
        }
        switch (epochs.settle(number, Instant.now())) {
            case NOT_FOUND -> throw new ObjectNotFoundException("epoch", Long.toString(number));
            case NOT_ENDED ->
                    throw new StateConflictException(
                            "Epoch "
                                    + number
                                    + " has not ended; it ends at "
                                    + epoch(number).endsAt()
                                    + ".");
            case ALREADY_SETTLED -> {
                EpochView settled = epoch(number);
                throw new StateConflictException(
                        "Epoch "
                                + number
                                + " is already settled as "
                                + settled.settlementId()
                                + " (state "
                                + settled.state()
                                + ").");
            }
            case SETTLED -> {
                // settled below
            }
        }
        if (idempotencyKey != null) {
            idempotency.complete(account, idempotencyKey, Long.toString(number));
        }
        return new Created<>(SettlementView.of(epoch(number)), false);
    }

    private ChainNetwork contracts() {
        try (ChainConnection connection = chain.getConnection()) {
            return connection.network();
        } catch (ChainException e) {
            throw new ChainUnavailableException("The chain connector is not available.");
        }
    }

    private static List<String> split(String proof) {
        return proof.isEmpty() ? List.of() : Arrays.asList(proof.split(","));
    }

    private static long number(String field, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(
                    field, "cursor is not valid; pass the next_cursor of a previous page.");
        }
    }
}

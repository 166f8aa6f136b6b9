package io.chroom.application.settlement;

import io.chroom.application.ApiTime;
import io.chroom.application.token.TokenLedger;
import io.chroom.application.token.UsageRecord;
import io.chroom.application.token.UsageSource;
import io.chroom.application.webhook.WebhookOutbox;
import io.chroom.chain.api.ChainCall;
import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainConnectionFactory;
import io.chroom.chain.api.ChainException;
import io.chroom.chain.api.ChainParameters;
import io.chroom.chain.api.MerkleTree;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.settlement.RewardSplit;
import io.chroom.domain.model.webhook.EventType;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The life of an epoch, each step in a transaction of its own: opened with the network's parameters
 * as the chain has them then, closed at its end, settled, and followed to the chain.
 *
 * <p>Epochs follow each other without a gap: each starts where the one before ended, whenever the
 * server gets to open it. Opening needs the chain (its parameters); closing and settling do not, so
 * an epoch that ends while the chain is down is settled all the same and its transactions wait in
 * the outbox, pending, while the next epoch opens once the chain answers, from the same instant.
 *
 * <p>Settling is one transaction: the usage records of the epoch (from {@link UsageSource}) go into
 * the usage ledger's tree with their proofs; each record debits its meeting's account the
 * participant-minutes times the epoch's price (ledger entries of kind {@code usage}, each with a
 * reference of its own, so nothing is charged twice); the epoch's reward is split among the
 * operators of the nodes ({@link RewardSplit}) into the reward tree with their proofs; and the
 * outbox gets one transaction that publishes the usage root and one that publishes and funds the
 * reward root, whatever the number of records and operators.
 */
@Stateless
@PermitAll
public class Epochs {

    private static final Logger LOG = Logger.getLogger(Epochs.class.getName());

    /** What {@link #advance} did. */
    public enum Advance {
        /** An epoch was opened or closed; there may be more to do at once. */
        ADVANCED,
        /** The open epoch has not ended. */
        NOTHING,
        /** The next epoch cannot open: the chain does not answer. */
        CHAIN_DOWN
    }

    /** What {@link #settle} did. */
    public enum Settled {
        SETTLED,
        NOT_FOUND,
        NOT_ENDED,
        ALREADY_SETTLED
    }

    @PersistenceContext private EntityManager em;

    @Resource(lookup = "eis/chroom/chain")
    private ChainConnectionFactory chain;

    @EJB private UsageSource usage;

    @EJB private WebhookOutbox webhooks;

    /**
     * Closes the open epoch if it has ended, or opens the next one if none is open: the first at
     * the earliest usage not yet counted (or now), each later one at its predecessor's end.
     */
    public Advance advance(Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> latest =
                em.createNativeQuery(
                                "select number, ends_at, state from epochs order by number desc"
                                        + " limit 1 for update")
                        .getResultList();
        if (!latest.isEmpty() && "open".equals(latest.get(0)[2])) {
            Instant ends = ApiTime.fromDatabase(latest.get(0)[1]);
            if (ends.isAfter(now)) {
                return Advance.NOTHING;
            }
            close(((Number) latest.get(0)[0]).longValue());
            return Advance.ADVANCED;
        }

        long number;
        Instant starts;
        if (latest.isEmpty()) {
            number = 0;
            Object first =
                    em.createNativeQuery("select min(attached_at) from media_handles")
                            .getSingleResult();
            Instant earliest = ApiTime.fromDatabase(first);
            starts = earliest != null && earliest.isBefore(now) ? earliest : now;
            starts = starts.truncatedTo(ChronoUnit.SECONDS);
        } else {
            number = ((Number) latest.get(0)[0]).longValue() + 1;
            starts = ApiTime.fromDatabase(latest.get(0)[1]);
        }
        ChainParameters parameters;
        try (ChainConnection connection = chain.getConnection()) {
            parameters = connection.parameters();
        } catch (ChainException e) {
            return Advance.CHAIN_DOWN;
        }
        Instant ends = starts.plusSeconds(parameters.epochSeconds());
        em.createNativeQuery(
                        "insert into epochs (number, starts_at, ends_at, state, epoch_seconds,"
                                + " price, reward_per_epoch, min_quality_score, opened_at) values"
                                + " (?1, ?2, ?3, 'open', ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, number)
                .setParameter(2, Timestamp.from(starts))
                .setParameter(3, Timestamp.from(ends))
                .setParameter(4, parameters.epochSeconds())
                .setParameter(5, new BigDecimal(parameters.pricePerParticipantMinute()))
                .setParameter(6, new BigDecimal(parameters.rewardPerEpoch()))
                .setParameter(7, parameters.minQualityScore())
                .setParameter(8, Timestamp.from(now))
                .executeUpdate();
        LOG.log(
                Level.INFO,
                "Epoch {0} opened: {1} to {2}, price {3} and reward {4} base units, minimum"
                        + " quality {5}",
                new Object[] {
                    number,
                    starts,
                    ends,
                    parameters.pricePerParticipantMinute(),
                    parameters.rewardPerEpoch(),
                    parameters.minQualityScore()
                });
        return Advance.ADVANCED;
    }

    private void close(long number) {
        em.createNativeQuery("update epochs set state = 'settling' where number = ?1")
                .setParameter(1, number)
                .executeUpdate();
        LOG.log(Level.FINE, "Epoch {0} ended; it is settled after the grace period", number);
    }

    /** Ended epochs, not yet settled, that ended before {@code endedBefore}; oldest first. */
    @SuppressWarnings("unchecked")
    public List<Long> due(Instant endedBefore) {
        return ((List<Number>)
                        em.createNativeQuery(
                                        "select number from epochs where state = 'settling' and"
                                                + " ends_at <= ?1 order by number")
                                .setParameter(1, Timestamp.from(endedBefore))
                                .getResultList())
                .stream().map(Number::longValue).toList();
    }

    /** Settled epochs whose transactions are still on their way. */
    @SuppressWarnings("unchecked")
    public List<Long> inFlight() {
        return ((List<Number>)
                        em.createNativeQuery(
                                        "select number from epochs where state in ('pending',"
                                                + " 'submitted') order by number")
                                .getResultList())
                .stream().map(Number::longValue).toList();
    }

    /**
     * Settles an ended epoch: closes it if it is still marked open, then writes its records,
     * charges, rewards and outbox transactions in the caller's transaction.
     */
    public Settled settle(long number, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select state, starts_at, ends_at, price, reward_per_epoch,"
                                        + " min_quality_score from epochs where number = ?1 for"
                                        + " update")
                        .setParameter(1, number)
                        .getResultList();
        if (rows.isEmpty()) {
            return Settled.NOT_FOUND;
        }
        Object[] row = rows.get(0);
        String state = (String) row[0];
        Instant starts = ApiTime.fromDatabase(row[1]);
        Instant ends = ApiTime.fromDatabase(row[2]);
        if ("open".equals(state)) {
            if (ends.isAfter(now)) {
                return Settled.NOT_ENDED;
            }
            close(number);
        } else if (!"settling".equals(state)) {
            return Settled.ALREADY_SETTLED;
        }
        BigInteger price = units(row[3]);
        BigInteger reward = units(row[4]);
        int minQuality = ((Number) row[5]).intValue();
        String settlementId = Identifiers.prefixed("set_");
        Timestamp at = Timestamp.from(now);

        List<UsageRecord> records = usage.usage(number, starts, ends);
        if (records.isEmpty()) {
            em.createNativeQuery(
                            "update epochs set state = 'confirmed', settlement_id = ?2, records ="
                                    + " 0, participant_minutes = 0, operators = 0, reward_total ="
                                    + " 0, settled_at = ?3, confirmed_at = ?3 where number = ?1")
                    .setParameter(1, number)
                    .setParameter(2, settlementId)
                    .setParameter(3, at)
                    .executeUpdate();
            LOG.log(Level.INFO, "Epoch {0} had no usage; nothing to publish", number);
            announce(number);
            return Settled.SETTLED;
        }

        Map<String, String> accounts = accountsOf(records);
        MerkleTree ledger = MerkleTree.of(records.stream().map(UsageRecord::ledgerLeaf).toList());
        lockAccounts(new TreeSet<>(accounts.values()));
        long minutes = 0;
        for (UsageRecord record : records) {
            byte[] leaf = record.ledgerLeaf();
            BigInteger charge = price.multiply(BigInteger.valueOf(record.participantMinutes()));
            String account = accounts.get(record.meetingId());
            em.createNativeQuery(
                            "insert into usage_records (epoch, meeting_id, node_id, account_id,"
                                    + " participant_minutes, quality_score, charge, leaf, proof)"
                                    + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
                    .setParameter(1, number)
                    .setParameter(2, record.meetingId())
                    .setParameter(3, record.nodeId())
                    .setParameter(4, account)
                    .setParameter(5, record.participantMinutes())
                    .setParameter(6, record.qualityScore())
                    .setParameter(7, new BigDecimal(charge))
                    .setParameter(8, hex(leaf))
                    .setParameter(9, joined(ledger.proof(leaf)))
                    .executeUpdate();
            if (charge.signum() > 0) {
                TokenLedger.record(
                        em,
                        account,
                        "usage",
                        charge.negate(),
                        "usage:" + number + ":" + record.meetingId() + ":" + record.nodeId(),
                        now);
            }
            minutes += record.participantMinutes();
        }
        long usageTx = outbox(ChainCall.publishUsage(number, ledger.root(), records.size()), at);

        List<RewardSplit.Share> shares = RewardSplit.split(reward, minQuality, served(records));
        BigInteger total = BigInteger.ZERO;
        String rewardRoot = null;
        Long rewardTx = null;
        if (!shares.isEmpty()) {
            Map<String, byte[]> leaves = new HashMap<>();
            for (RewardSplit.Share share : shares) {
                leaves.put(share.operator(), rewardLeaf(number, share));
                total = total.add(share.amount());
            }
            MerkleTree tree = MerkleTree.of(List.copyOf(leaves.values()));
            for (RewardSplit.Share share : shares) {
                byte[] leaf = leaves.get(share.operator());
                em.createNativeQuery(
                                "insert into operator_rewards (epoch, operator, amount,"
                                        + " participant_minutes, quality_score, leaf, proof)"
                                        + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                        .setParameter(1, number)
                        .setParameter(2, share.operator())
                        .setParameter(3, new BigDecimal(share.amount()))
                        .setParameter(4, share.participantMinutes())
                        .setParameter(5, share.qualityScore())
                        .setParameter(6, hex(leaf))
                        .setParameter(7, joined(tree.proof(leaf)))
                        .executeUpdate();
            }
            rewardRoot = hex(tree.root());
            rewardTx =
                    outbox(ChainCall.publishRewards(number, tree.root(), total, shares.size()), at);
        }

        em.createNativeQuery(
                        "update epochs set state = 'pending', settlement_id = ?2, records = ?3,"
                                + " participant_minutes = ?4, usage_root = ?5, reward_root = ?6,"
                                + " reward_total = ?7, operators = ?8, usage_tx_id = ?9,"
                                + " reward_tx_id = ?10, settled_at = ?11 where number = ?1")
                .setParameter(1, number)
                .setParameter(2, settlementId)
                .setParameter(3, records.size())
                .setParameter(4, minutes)
                .setParameter(5, hex(ledger.root()))
                .setParameter(6, rewardRoot)
                .setParameter(7, new BigDecimal(total))
                .setParameter(8, shares.size())
                .setParameter(9, usageTx)
                .setParameter(10, rewardTx)
                .setParameter(11, at)
                .executeUpdate();
        LOG.log(
                Level.INFO,
                "Epoch {0} settled as {1}: {2} usage records, {3} participant-minutes, {4} base"
                        + " units to {5} operators; its roots wait in the chain outbox",
                new Object[] {number, settlementId, records.size(), minutes, total, shares.size()});
        return Settled.SETTLED;
    }

    /**
     * Moves a settled epoch's state along with its transactions: submitted once both are sent,
     * confirmed once both are confirmed (then {@code epoch.settled} goes to the network
     * administrators), failed if either failed or the outbox had to give its nonce to a filler.
     */
    public void follow(long number) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select state, usage_tx_id, reward_tx_id from epochs where number"
                                        + " = ?1 and state in ('pending', 'submitted') for update"
                                        + " skip locked")
                        .setParameter(1, number)
                        .getResultList();
        if (rows.isEmpty()) {
            return;
        }
        Object[] row = rows.get(0);
        List<String> states = new ArrayList<>();
        states.add(transactionState(row[1], ChainCall.Contract.LEDGER));
        if (row[2] != null) {
            states.add(transactionState(row[2], ChainCall.Contract.REWARDS));
        }
        String next;
        if (states.contains("failed")) {
            next = "failed";
        } else if (states.stream().allMatch("confirmed"::equals)) {
            next = "confirmed";
        } else if (states.stream().allMatch(s -> s.equals("submitted") || s.equals("confirmed"))) {
            next = "submitted";
        } else {
            next = "pending";
        }
        if (next.equals(row[0])) {
            return;
        }
        em.createNativeQuery("update epochs set state = ?2 where number = ?1")
                .setParameter(1, number)
                .setParameter(2, next)
                .executeUpdate();
        if (next.equals("confirmed")) {
            em.createNativeQuery("update epochs set confirmed_at = ?2 where number = ?1")
                    .setParameter(1, number)
                    .setParameter(2, Timestamp.from(Instant.now()))
                    .executeUpdate();
            LOG.log(Level.INFO, "Epoch {0} is confirmed on chain", number);
            announce(number);
        } else if (next.equals("failed")) {
            LOG.log(
                    Level.SEVERE,
                    "A transaction of epoch {0} failed (usage {1}, rewards {2}); its roots are not"
                            + " on chain and its operators cannot claim. The chain outbox's log"
                            + " says why",
                    new Object[] {number, row[1], row[2]});
        }
    }

    /** The outbox row's state as the epoch sees it; a row given to a filler failed. */
    private String transactionState(Object id, ChainCall.Contract expected) {
        Object[] tx =
                (Object[])
                        em.createNativeQuery(
                                        "select state, contract from chain_transactions where id"
                                                + " = ?1")
                                .setParameter(1, ((Number) id).longValue())
                                .getSingleResult();
        if (!expected.name().equals(tx[1])) {
            return "failed";
        }
        return switch ((String) tx[0]) {
            case "pending", "signed" -> "pending";
            default -> (String) tx[0];
        };
    }

    /** {@code epoch.settled} to every network administrators' account, in this transaction. */
    private void announce(long number) {
        em.flush();
        EpochView view = EpochQueries.epoch(em, number).orElseThrow();
        @SuppressWarnings("unchecked")
        List<String> admins =
                em.createNativeQuery("select id from accounts where network_admin order by id")
                        .getResultList();
        for (String account : admins) {
            webhooks.publish(account, EventType.EPOCH_SETTLED, "epoch-" + number, view);
        }
    }

    private Map<String, String> accountsOf(List<UsageRecord> records) {
        Map<String, String> accounts = new HashMap<>();
        List<String> meetings = records.stream().map(UsageRecord::meetingId).distinct().toList();
        for (int i = 0; i < meetings.size(); i += 1000) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows =
                    em.createNativeQuery("select id, account_id from meetings where id in (?1)")
                            .setParameter(
                                    1, meetings.subList(i, Math.min(meetings.size(), i + 1000)))
                            .getResultList();
            for (Object[] r : rows) {
                accounts.put((String) r[0], (String) r[1]);
            }
        }
        return accounts;
    }

    /** Orders these debits with the accounts' payments, as the payments themselves do. */
    private void lockAccounts(TreeSet<String> accounts) {
        for (String account : accounts) {
            em.createNativeQuery("select id from accounts where id = ?1 for no key update")
                    .setParameter(1, account)
                    .getResultList();
        }
    }

    private List<RewardSplit.Served> served(List<UsageRecord> records) {
        Map<String, String> operators = new HashMap<>();
        List<String> nodes = records.stream().map(UsageRecord::nodeId).distinct().toList();
        for (int i = 0; i < nodes.size(); i += 1000) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows =
                    em.createNativeQuery(
                                    "select id, operator_wallet from media_nodes where id in (?1)")
                            .setParameter(1, nodes.subList(i, Math.min(nodes.size(), i + 1000)))
                            .getResultList();
            for (Object[] r : rows) {
                operators.put((String) r[0], ((String) r[1]).toLowerCase(Locale.ROOT));
            }
        }
        return records.stream()
                .filter(r -> operators.containsKey(r.nodeId()))
                .map(
                        r ->
                                new RewardSplit.Served(
                                        operators.get(r.nodeId()),
                                        r.participantMinutes(),
                                        r.qualityScore()))
                .collect(Collectors.toList());
    }

    private long outbox(ChainCall call, Timestamp at) {
        return ((Number)
                        em.createNativeQuery(
                                        "insert into chain_transactions (step, contract, data,"
                                                + " estimate, state, created_at, updated_at)"
                                                + " values (0, ?1, ?2, true, 'pending', ?3, ?3)"
                                                + " returning id")
                                .setParameter(1, call.contract().name())
                                .setParameter(2, call.data())
                                .setParameter(3, at)
                                .getSingleResult())
                .longValue();
    }

    /** keccak256(keccak256(abi.encode(epoch, operator, amount))), as RewardsDistributor checks. */
    static byte[] rewardLeaf(long epoch, RewardSplit.Share share) {
        return MerkleTree.leaf(
                new MerkleTree.Abi()
                        .uint256(epoch)
                        .address(share.operator())
                        .uint256(share.amount())
                        .encode());
    }

    static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    private static String joined(List<byte[]> proof) {
        return proof.stream().map(Epochs::hex).collect(Collectors.joining(","));
    }

    static BigInteger units(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toBigIntegerExact();
        }
        if (value instanceof BigInteger integer) {
            return integer;
        }
        return BigInteger.valueOf(((Number) value).longValue());
    }
}

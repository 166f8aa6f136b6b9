package io.chroom.it;

import static io.chroom.it.Api.asAdmin;
import static io.chroom.it.Api.newAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The settlement benchmark: the gas one epoch's settlement costs on chain with 10 and with 1,000
 * operators, and what one operator's claim costs. The usage is written straight into the database
 * (a node per operator, marked removed so that no probe reaches for it, and one meeting with one
 * participant-minute of good audio on each), so that the server's own settlement makes the trees
 * and publishes them; the usage path from a node's events is SettlementIT's. Prints its figures.
 */
class SettlementGasIT {

    /** What one epoch's settlement cost. */
    record Figure(
            long epoch,
            int seeded,
            int operators,
            int records,
            long usageGas,
            long rewardGas,
            long rewardTransactions,
            int proofLength,
            long claimGas) {}

    private record Seeded(long epoch, List<String> meetings, List<String> nodes, String operator) {}

    @Test
    void anEpochSettlesInOneTransactionWhateverTheNumberOfOperators() throws Exception {
        Tenant tenant = newAccount();
        List<Seeded> seeded = new ArrayList<>();
        Chain chain = new Chain();
        try {
            // A first epoch of 10 warms the distributor (on a fresh chain its first funding turns
            // a zero token balance into one, some 17,000 gas more); then 1,000, then 10 again.
            JsonPath epoch = null;
            for (int operators : List.of(10, 1000, 10)) {
                epoch = nextEpoch(epoch);
                seeded.add(seed(tenant, epoch, operators));
            }

            Credentials claimer = Credentials.create(Keys.createEcKeyPair());
            chain.fundGas(claimer.getAddress());
            List<Figure> figures = new ArrayList<>();
            for (Seeded s : seeded) {
                figures.add(measure(chain, claimer, s));
            }
            print(figures);

            Figure large = figures.get(1);
            Figure small = figures.get(2);
            assertTrue(small.operators() >= 10, small::toString);
            assertTrue(large.operators() >= 1000, large::toString);
            for (Figure f : figures) {
                assertEquals(1, f.rewardTransactions(), "one reward transaction: " + f);
            }
            assertTrue(
                    Math.abs(large.rewardGas() - small.rewardGas()) <= small.rewardGas() / 100,
                    () -> "the reward transaction costs the same for 1,000 operators: " + figures);
            assertTrue(
                    Math.abs(large.usageGas() - small.usageGas()) <= small.usageGas() / 100,
                    () -> "so does the usage root: " + figures);
        } finally {
            chain.close();
            for (Seeded s : seeded) {
                remove(s);
            }
        }
    }

    /** The open epoch after {@code last} (any when null), with 15 s or more left to run. */
    private static JsonPath nextEpoch(JsonPath last) throws InterruptedException {
        while (true) {
            JsonPath epoch = SettlementIT.freshEpoch(Duration.ofSeconds(2), Duration.ofSeconds(15));
            if (last == null || epoch.getLong("epoch") > last.getLong("epoch")) {
                return epoch;
            }
            Thread.sleep(500);
        }
    }

    private static Figure measure(Chain chain, Credentials claimer, Seeded s) throws Exception {
        JsonPath epoch = SettlementIT.awaitEpoch(s.epoch(), "confirmed"::equals);
        Response reward =
                asAdmin()
                        .get(
                                "/api/tokens/rewards?epoch="
                                        + s.epoch()
                                        + "&operator="
                                        + s.operator());
        assertEquals(200, reward.statusCode(), reward::asString);
        Map<String, Object> share = reward.jsonPath().getMap("data[0]");
        @SuppressWarnings("unchecked")
        List<byte[]> proof = SettlementIT.bytes((List<String>) share.get("proof"));
        TransactionReceipt claim =
                chain.rewardsAs(claimer)
                        .claim(
                                BigInteger.valueOf(s.epoch()),
                                s.operator(),
                                new BigInteger((String) share.get("amount_units")),
                                proof)
                        .send();
        assertTrue(claim.isStatusOK(), "anyone may send an operator's claim");
        return new Figure(
                s.epoch(),
                s.nodes().size(),
                epoch.getInt("operators"),
                epoch.getInt("records"),
                gasUsed(chain, epoch.getString("usage_tx_hash")),
                gasUsed(chain, epoch.getString("reward_tx_hash")),
                rewardTransactions(s.epoch()),
                proof.size(),
                claim.getGasUsed().longValueExact());
    }

    private static long gasUsed(Chain chain, String hash) throws Exception {
        return chain.web3j
                .ethGetTransactionReceipt(hash)
                .send()
                .getTransactionReceipt()
                .orElseThrow()
                .getGasUsed()
                .longValueExact();
    }

    /** Outbox transactions that publish a reward root for the epoch: publishRoot(epoch, ...). */
    private static long rewardTransactions(long epoch) throws Exception {
        String selector =
                Hash.sha3String("publishRoot(uint256,bytes32,uint256,uint256)").substring(0, 10);
        String word = String.format("%064x", epoch);
        try (Connection db = Database.connect();
                PreparedStatement count =
                        db.prepareStatement(
                                "select count(*) from chain_transactions where contract ="
                                        + " 'REWARDS' and data like ?")) {
            count.setString(1, selector + word + "%");
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static void print(List<Figure> figures) {
        StringBuilder out = new StringBuilder("\nSettlement gas, one epoch (SettlementGasIT)\n");
        out.append(
                String.format(
                        "%8s %9s %8s %14s %15s %13s %14s%n",
                        "epoch",
                        "operators",
                        "records",
                        "usage root gas",
                        "reward root gas",
                        "transactions",
                        "claim gas"));
        for (Figure f : figures) {
            out.append(
                    String.format(
                            "%8d %9d %8d %14d %15d %13d %9d (%d-hash proof)%n",
                            f.epoch(),
                            f.operators(),
                            f.records(),
                            f.usageGas(),
                            f.rewardGas(),
                            1 + f.rewardTransactions(),
                            f.claimGas(),
                            f.proofLength()));
        }
        if (figures.get(0).rewardGas() > figures.get(2).rewardGas() + 1000) {
            out.append(
                    "(the first row funds the distributor from a zero balance: a fresh chain)\n");
        }
        System.out.println(out);
    }

    /**
     * {@code operators} nodes, each with its own operator wallet, and a meeting of one
     * participant-minute of good audio (RTT 20 ms, jitter 2 ms, no loss) on each, in the epoch.
     */
    private static Seeded seed(Tenant tenant, JsonPath epoch, int operators) throws Exception {
        long number = epoch.getLong("epoch");
        Instant starts = Instant.parse(epoch.getString("starts_at"));
        Instant ends = Instant.parse(epoch.getString("ends_at"));
        Instant attach = starts.plusSeconds(1);
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        List<String> meetings = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        List<String> wallets = new ArrayList<>();
        try (Connection db = Database.connect()) {
            db.setAutoCommit(false);
            try (PreparedStatement node =
                            db.prepareStatement(
                                    "insert into media_nodes (id, name, region, media_url,"
                                            + " control_url, admin_secret_sealed, capacity,"
                                            + " operator_wallet, price_per_participant_minute,"
                                            + " state, health, created_at) values (?, ?,"
                                            + " 'bench', ?, ?, ?, 1, ?, 0, 'REMOVED', 'UNKNOWN',"
                                            + " timestamptz '2000-01-01')");
                    PreparedStatement meeting =
                            db.prepareStatement(
                                    "insert into meetings (id, account_id, title, host_id,"
                                            + " duration_minutes, node_policy, status, created_at,"
                                            + " started_at, ends_at, ended_at) values (?, ?, 'Gas"
                                            + " benchmark', 'u-1', 30, 'LEAST_LOADED', 'ENDED', ?,"
                                            + " ?, ?, ?)");
                    PreparedStatement handle =
                            db.prepareStatement(
                                    "insert into media_handles (node_id, handle_id, session_id,"
                                            + " meeting_id, account_id, participant_id,"
                                            + " attached_at, detached_at) values (?, ?, ?, ?, ?,"
                                            + " 'u-1', ?, ?)");
                    PreparedStatement sample =
                            db.prepareStatement(
                                    "insert into media_samples (sampled_at, node_id, account_id,"
                                            + " meeting_id, participant_id, handle_id, mid, media,"
                                            + " codec, rtt_ms, jitter_in_ms, jitter_out_ms,"
                                            + " loss_in_pct, packets_in, packets_out, bytes_in,"
                                            + " bytes_out, mos) values (?, ?, ?, ?, 'u-1', ?, '0',"
                                            + " 'audio', 'opus', 20, 2, 0, 0, 250, 0, 20000, 0,"
                                            + " 4.41)")) {
                for (int i = 0; i < operators; i++) {
                    String nodeId = "node_gas" + run + i;
                    String meetingId = "gas" + run + i;
                    String wallet = String.format("0x%040x", new BigInteger(159, random()));
                    long handleId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
                    node.setString(1, nodeId);
                    node.setString(2, "gas benchmark " + i);
                    node.setString(3, "https://gas.invalid/" + nodeId);
                    node.setString(4, "https://gas.invalid/" + nodeId + "/admin");
                    node.setBytes(5, new byte[] {0});
                    node.setString(6, wallet);
                    node.addBatch();
                    meeting.setString(1, meetingId);
                    meeting.setString(2, tenant.accountId());
                    meeting.setTimestamp(3, Timestamp.from(starts));
                    meeting.setTimestamp(4, Timestamp.from(starts));
                    meeting.setTimestamp(5, Timestamp.from(ends));
                    meeting.setTimestamp(6, Timestamp.from(ends));
                    meeting.addBatch();
                    handle.setString(1, nodeId);
                    handle.setLong(2, handleId);
                    handle.setLong(3, handleId);
                    handle.setString(4, meetingId);
                    handle.setString(5, tenant.accountId());
                    handle.setTimestamp(6, Timestamp.from(attach));
                    handle.setTimestamp(7, Timestamp.from(attach.plusSeconds(20)));
                    handle.addBatch();
                    sample.setTimestamp(1, Timestamp.from(attach.plusSeconds(1)));
                    sample.setString(2, nodeId);
                    sample.setString(3, tenant.accountId());
                    sample.setString(4, meetingId);
                    sample.setLong(5, handleId);
                    sample.addBatch();
                    nodes.add(nodeId);
                    meetings.add(meetingId);
                    wallets.add(wallet);
                }
                node.executeBatch();
                meeting.executeBatch();
                handle.executeBatch();
                sample.executeBatch();
            }
            db.commit();
        }
        assertTrue(
                Instant.now().isBefore(ends), "the usage was written before its epoch " + number);
        return new Seeded(number, meetings, nodes, wallets.get(0));
    }

    private static java.util.Random random() {
        return ThreadLocalRandom.current();
    }

    private static void remove(Seeded s) throws Exception {
        try (Connection db = Database.connect();
                PreparedStatement samples =
                        db.prepareStatement("delete from media_samples where meeting_id = any(?)");
                PreparedStatement minutes =
                        db.prepareStatement("delete from media_minutes where meeting_id = any(?)");
                PreparedStatement meetings =
                        db.prepareStatement("delete from meetings where id = any(?)");
                PreparedStatement nodes =
                        db.prepareStatement("delete from media_nodes where id = any(?)")) {
            samples.setArray(1, db.createArrayOf("varchar", s.meetings().toArray()));
            samples.executeUpdate();
            minutes.setArray(1, db.createArrayOf("varchar", s.meetings().toArray()));
            minutes.executeUpdate();
            meetings.setArray(1, db.createArrayOf("varchar", s.meetings().toArray()));
            meetings.executeUpdate();
            nodes.setArray(1, db.createArrayOf("varchar", s.nodes().toArray()));
            nodes.executeUpdate();
        }
        assertEquals(200, asAdmin().get("/api/ledger/epochs/" + s.epoch()).statusCode());
    }
}

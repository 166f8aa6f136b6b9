package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.asAdmin;
import static io.chroom.it.Api.createMeeting;
import static io.chroom.it.Api.newAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.chroom.chain.api.MerkleTree;
import io.chroom.it.Api.Tenant;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Epochs against the running server, a real media node's credential and the test chain (epochs of
 * 30 s, settled 10 s after their end unless an operator settles them at once): usage posted as a
 * node's Janus event handler posts it becomes a usage record and a reward; the operator claims its
 * reward on chain with the proof the API serves and its balance rises; the record's ledger proof
 * verifies with {@code UsageLedger.verify}; the account is charged once; with the chain stopped the
 * settlement waits, pending, and confirms once the chain is back.
 */
class SettlementIT {

    static final Duration EPOCH =
            Duration.ofSeconds(Long.parseLong(System.getProperty("chroom.it.epoch.seconds", "30")));

    /** The grace period of the test server (CHROOM_EPOCH_SETTLE_DELAY_SECONDS). */
    static final Duration GRACE = Duration.ofSeconds(10);

    private static Chain chain;

    @BeforeAll
    static void connect() {
        MediaNodes.register(MediaNodes.node("a"), "local", "0.001", 50);
        chain = new Chain();
    }

    @AfterAll
    static void disconnect() {
        chain.close();
    }

    @Test
    void anEndedEpochSettlesOnceAndItsProofsHoldOnChain() throws Exception {
        Tenant tenant = newAccount();
        Credentials operator = Credentials.create(Keys.createEcKeyPair());
        chain.fundGas(operator.getAddress());
        // A node's operator needs the minimum stake on chain before the node may be theirs.
        chain.stakeMinimum(operator);
        try (Receiver hooks = new Receiver()) {
            String hook = subscribeAdministrators(hooks.url());
            try {
                JsonPath open = freshEpoch(Duration.ofSeconds(4), Duration.ofSeconds(12));
                long n = open.getLong("epoch");
                Instant ends = Instant.parse(open.getString("ends_at"));
                Instant attach = Instant.parse(open.getString("starts_at")).plusSeconds(1);
                Call call = call(tenant, attach, Instant.now().truncatedTo(ChronoUnit.MILLIS));
                String wallet = setOperator(call.nodeId(), operator.getAddress());
                try {
                    settleAndClaim(tenant, n, ends, call, operator, hooks);
                } finally {
                    setOperator(call.nodeId(), wallet);
                }
            } finally {
                asAdmin().delete("/api/webhooks/" + hook).then().statusCode(204);
            }
        }
    }

    private void settleAndClaim(
            Tenant tenant, long n, Instant ends, Call call, Credentials operator, Receiver hooks)
            throws Exception {
        sleepUntil(ends.plusMillis(300));
        String key = UUID.randomUUID().toString();
        Response settled = settle(key, "{\"epoch\": " + n + "}");
        assertEquals(202, settled.statusCode(), settled::asString);
        String id = settled.path("id");
        assertTrue(id.startsWith("set_"), id);
        assertEquals(n, ((Number) settled.path("epoch")).longValue());
        assertEquals("pending", settled.path("state"), "written, not yet sent");
        assertNotNull(settled.header("Location"));
        Response replay = settle(key, "{\"epoch\": " + n + "}");
        assertEquals(202, replay.statusCode(), replay::asString);
        assertEquals(id, replay.path("id"), "a replay answers the same settlement");
        assertEquals("true", replay.header("Idempotency-Replayed"));
        ProblemAssert.assertProblem(settle(null, "{\"epoch\": " + n + "}"), 409);
        long open = freshEpoch(Duration.ZERO, Duration.ZERO).getLong("epoch");
        ProblemAssert.assertProblem(settle(null, "{\"epoch\": " + open + "}"), 409);
        ProblemAssert.assertProblem(settle(null, "{\"epoch\": -1}"), 400);
        ProblemAssert.assertProblem(settle(null, "{\"epoch\": \"one\"}"), 400);
        ProblemAssert.assertProblem(settle(null, "{\"epoch\": 99999999}"), 404);
        Response refused =
                as(tenant)
                        .contentType("application/json")
                        .body("{\"epoch\": " + n + "}")
                        .post("/api/tokens/rewards/settle");
        ProblemAssert.assertProblem(refused, 403);

        JsonPath epoch = awaitEpoch(n, "confirmed"::equals);
        assertEquals(id, epoch.getString("settlement_id"));
        assertTrue(epoch.getInt("records") >= 1, epoch::prettify);
        assertTrue(epoch.getLong("participant_minutes") >= 1, epoch::prettify);
        assertTrue(epoch.getInt("operators") >= 1, epoch::prettify);
        assertNotNull(epoch.getString("usage_tx_hash"));
        assertNotNull(epoch.getString("reward_tx_hash"));
        Response newest = asAdmin().get("/api/ledger/epochs?limit=1");
        assertEquals(200, newest.statusCode(), newest::asString);
        long first = ((Number) newest.path("data[0].epoch")).longValue();
        assertTrue(first > n, "newest first: the open epoch comes before epoch " + n);
        assertNotNull(newest.header("Link"), "a next page");
        Response older =
                asAdmin().get("/api/ledger/epochs?limit=1&cursor=" + newest.path("next_cursor"));
        assertEquals(first - 1, ((Number) older.path("data[0].epoch")).longValue());
        assertNotNull(asAdmin().get("/api/ledger/epochs/" + n).header("ETag"));
        ProblemAssert.assertProblem(asAdmin().get("/api/ledger/epochs/x"), 400);
        ProblemAssert.assertProblem(asAdmin().get("/api/ledger/epochs/99999999"), 404);
        assertEquals(
                epoch.getString("reward_root"),
                hex(chain.rewardsAs(operator).rootOf(BigInteger.valueOf(n)).send()),
                "the reward root is on chain");
        assertEquals(
                epoch.getString("usage_root"),
                hex(chain.ledger().rootOf(BigInteger.valueOf(n)).send()),
                "the usage root is on chain");

        // The usage record, its proof, and the on-chain check anyone can make.
        Response proof = as(tenant).get("/api/ledger/meetings/" + call.meetingId() + "/proof");
        assertEquals(200, proof.statusCode(), proof::asString);
        assertEquals(call.meetingId(), proof.path("meeting_id"));
        List<Map<String, Object>> records = proof.jsonPath().getList("data");
        assertEquals(1, records.size(), proof::asString);
        Map<String, Object> record = records.get(0);
        assertEquals(n, ((Number) record.get("epoch")).longValue());
        assertEquals(call.nodeId(), record.get("node_id"));
        assertEquals(1, ((Number) record.get("participant_minutes")).intValue(), "under a minute");
        // G.107 on the minute's means (RTT 40 ms, jitter 6 ms, loss 1.92 %): R = 86.44
        assertEquals(8644, ((Number) record.get("quality_score")).intValue());
        byte[] leaf = ledgerLeaf(n, call.meetingId(), call.nodeId(), 1, 8644);
        assertEquals(hex(leaf), record.get("leaf"), "the leaf is the record's, recomputed");
        assertEquals(epoch.getString("usage_root"), record.get("root"));
        assertTrue(
                Chain.env("CHROOM_CHAIN_LEDGER_ADDRESS")
                        .equalsIgnoreCase((String) record.get("ledger_contract")));
        assertEquals("confirmed", record.get("state"));
        @SuppressWarnings("unchecked")
        List<byte[]> siblings = bytes((List<String>) record.get("proof"));
        assertTrue(
                chain.ledger().verify(BigInteger.valueOf(n), leaf, siblings).send(),
                "UsageLedger.verify accepts the record with the served proof");
        assertFalse(
                chain.ledger()
                        .verify(
                                BigInteger.valueOf(n),
                                ledgerLeaf(n, call.meetingId(), call.nodeId(), 2, 8644),
                                siblings)
                        .send(),
                "and refuses the record with other minutes");
        assertEquals(
                1,
                as(tenant)
                        .get("/api/ledger/meetings/" + call.meetingId() + "/proof?epoch=" + n)
                        .jsonPath()
                        .getList("data")
                        .size());
        assertEquals(
                List.of(),
                as(tenant)
                        .get(
                                "/api/ledger/meetings/"
                                        + call.meetingId()
                                        + "/proof?epoch="
                                        + (n + 1000))
                        .jsonPath()
                        .getList("data"));
        ProblemAssert.assertProblem(
                as(tenant).get("/api/ledger/meetings/" + call.meetingId() + "/proof?epoch=x"), 400);
        ProblemAssert.assertProblem(
                as(newAccount()).get("/api/ledger/meetings/" + call.meetingId() + "/proof"), 404);

        // The operator's reward, claimed with the served proof by the operator's own key.
        String address = operator.getAddress().toLowerCase();
        Response rewards =
                as(tenant).get("/api/tokens/rewards?epoch=" + n + "&operator=" + address);
        assertEquals(200, rewards.statusCode(), rewards::asString);
        List<Map<String, Object>> shares = rewards.jsonPath().getList("data");
        assertEquals(1, shares.size(), rewards::asString);
        Map<String, Object> share = shares.get(0);
        assertEquals(address, share.get("operator"));
        assertEquals(epoch.getString("reward_root"), share.get("root"));
        assertEquals("confirmed", share.get("state"));
        assertEquals(false, share.get("claimed"));
        assertTrue(((Number) share.get("participant_minutes")).longValue() >= 1);
        BigInteger amount = new BigInteger((String) share.get("amount_units"));
        assertTrue(amount.signum() > 0);
        assertEquals(
                new BigDecimal((String) share.get("amount")).movePointRight(18).toBigIntegerExact(),
                amount);
        @SuppressWarnings("unchecked")
        List<byte[]> rewardProof = bytes((List<String>) share.get("proof"));
        assertEquals(BigInteger.ZERO, chain.balanceOf(address), "a fresh operator holds nothing");
        TransactionReceipt claim =
                chain.rewardsAs(operator)
                        .claim(BigInteger.valueOf(n), address, amount, rewardProof)
                        .send();
        assertTrue(claim.isStatusOK(), "the claim with the served proof succeeds");
        assertEquals(amount, chain.balanceOf(address), "the operator's balance rises by it");
        assertThrows(
                Exception.class,
                () ->
                        chain.rewardsAs(operator)
                                .claim(BigInteger.valueOf(n), address, amount, rewardProof)
                                .send(),
                "a second claim reverts");
        assertEquals(amount, chain.balanceOf(address), "and pays nothing");
        TokensIT.await(
                () ->
                        Boolean.TRUE.equals(
                                as(tenant)
                                        .get(
                                                "/api/tokens/rewards?epoch="
                                                        + n
                                                        + "&operator="
                                                        + address)
                                        .path("data[0].claimed")),
                Duration.ofSeconds(30),
                "the claim is seen");
        ProblemAssert.assertProblem(as(tenant).get("/api/tokens/rewards?operator=0x12"), 400);

        // epoch.settled reached the network administrators.
        TokensIT.await(
                () -> hooks.events().stream().anyMatch(e -> e.getLong("data.epoch") == n),
                Duration.ofSeconds(30),
                "epoch.settled is delivered");
        JsonPath event =
                hooks.events().stream().filter(e -> e.getLong("data.epoch") == n).findFirst().get();
        assertEquals("epoch.settled", event.getString("type"));
        assertEquals("confirmed", event.getString("data.state"));
        assertEquals(id, event.getString("data.settlement_id"));

        // The account paid the participant-minute once, at the epoch's price, also after the
        // epoch job's own turn (its grace period is over by now).
        sleepUntil(ends.plus(GRACE).plusSeconds(4));
        BigInteger price =
                new BigDecimal(epoch.getString("price_per_participant_minute"))
                        .movePointRight(18)
                        .toBigIntegerExact();
        assertEquals(price.negate(), TokensIT.accountBalance(tenant), "charged exactly once");
        assertEquals(id, asAdmin().get("/api/ledger/epochs/" + n).path("settlement_id"));
    }

    @Test
    void anEpochEndingWhileTheChainIsDownSettlesPendingAndConfirmsOnceItIsBack() throws Exception {
        Tenant tenant = newAccount();
        JsonPath open = freshEpoch(Duration.ofSeconds(3), Duration.ofSeconds(12));
        long n = open.getLong("epoch");
        Instant ends = Instant.parse(open.getString("ends_at"));
        Call call =
                call(
                        tenant,
                        Instant.parse(open.getString("starts_at")).plusSeconds(1),
                        Instant.now().truncatedTo(ChronoUnit.MILLIS));

        Chain.script("stop");
        try {
            JsonPath pending = awaitEpoch(n, s -> !s.equals("open") && !s.equals("settling"));
            assertEquals("pending", pending.getString("state"), "settled without the chain");
            assertNotNull(pending.getString("usage_root"));
            Response current = asAdmin().get("/api/ledger/epochs/current");
            assertEquals(503, current.statusCode(), "the next epoch cannot read its parameters");
            assertNotNull(current.header("Retry-After"));
            Thread.sleep(4000);
            assertEquals(
                    "pending",
                    asAdmin().get("/api/ledger/epochs/" + n).path("state"),
                    "still pending while the chain is down");
            assertEquals(
                    "pending",
                    as(tenant)
                            .get("/api/ledger/meetings/" + call.meetingId() + "/proof")
                            .path("data[0].state"));
        } finally {
            Chain.script("start");
        }

        awaitEpoch(n, "confirmed"::equals);
        assertEquals(
                "confirmed",
                as(tenant)
                        .get("/api/ledger/meetings/" + call.meetingId() + "/proof")
                        .path("data[0].state"));
        JsonPath next = awaitEpoch(n + 1, s -> true);
        assertEquals(
                ends,
                Instant.parse(next.getString("starts_at")),
                "the next epoch starts at its end");
    }

    // --- helpers shared with SettlementGasIT ---

    /** A meeting of the tenant joined by u-7, and the node it was placed on. */
    record Call(String meetingId, String nodeId) {}

    /**
     * u-7 of a fresh meeting of {@code tenant} attached from {@code attach} to {@code detach}, with
     * two audio samples in between (the second with 10 of 260 packets lost), posted to {@code
     * /ingest/janus} with the credential of the node the meeting was placed on.
     */
    static Call call(Tenant tenant, Instant attach, Instant detach) throws Exception {
        String meeting =
                createMeeting(tenant, Api.meeting("Epoch " + UUID.randomUUID(), "u-42", 30, "u-7"));
        Response join =
                as(tenant)
                        .contentType("application/json")
                        .body("{\"participant_id\": \"u-7\"}")
                        .post("/api/meetings/" + meeting + "/join");
        assertEquals(200, join.statusCode(), () -> "joining: " + join.asString());
        String nodeId = join.path("node.node_id");
        MediaNodes.Node node = nodeOf(nodeId);

        Instant first = attach.plusSeconds(1);
        if (!first.truncatedTo(ChronoUnit.MINUTES)
                .equals(first.plusSeconds(1).truncatedTo(ChronoUnit.MINUTES))) {
            first = first.plusSeconds(1); // both samples in one minute
        }
        assertTrue(first.plusSeconds(1).isBefore(detach), "the samples fall in the call");
        long session = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        long handle = session + 1;
        String batch =
                "["
                        + String.join(
                                ",",
                                AnalyticsIT.attach(attach, session, handle, join.path("token")),
                                AnalyticsIT.audio(first, session, handle, 250, 0, 20_000),
                                AnalyticsIT.audio(
                                        first.plusSeconds(1), session, handle, 500, 10, 40_000),
                                AnalyticsIT.detach(detach, session, handle))
                        + "]";
        Response posted =
                AnalyticsIT.post("/ingest/janus", node.name(), AnalyticsIT.credential(node), batch);
        assertEquals(204, posted.statusCode(), () -> "ingest: " + posted.asString());
        return new Call(meeting, nodeId);
    }

    private static MediaNodes.Node nodeOf(String nodeId) {
        String controlUrl = asAdmin().get("/api/nodes/" + nodeId).path("control_url");
        for (String name : List.of("a", "b")) {
            MediaNodes.Node node = MediaNodes.node(name);
            if (node.controlUrl().equals(controlUrl)) {
                return node;
            }
        }
        throw new AssertionError("the meeting was placed on no test node: " + controlUrl);
    }

    /** Sets a node's operator wallet; answers the one it had. */
    static String setOperator(String nodeId, String wallet) {
        String before = asAdmin().get("/api/nodes/" + nodeId).path("operator_wallet");
        Response changed =
                asAdmin()
                        .contentType("application/json")
                        .body("{\"operator_wallet\": \"" + wallet + "\"}")
                        .patch("/api/nodes/" + nodeId);
        assertEquals(200, changed.statusCode(), changed::asString);
        return before;
    }

    /**
     * The open epoch, once one is open that began at least {@code ran} ago and ends at least {@code
     * left} from now.
     */
    static JsonPath freshEpoch(Duration ran, Duration left) throws InterruptedException {
        long deadline = System.nanoTime() + EPOCH.multipliedBy(3).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            Response current = asAdmin().get("/api/ledger/epochs/current");
            last = current.asString();
            if (current.statusCode() == 200) {
                JsonPath epoch = current.jsonPath();
                Instant now = Instant.now();
                Instant starts = Instant.parse(epoch.getString("starts_at"));
                Instant ends = Instant.parse(epoch.getString("ends_at"));
                if (!now.isBefore(starts.plus(ran)) && !ends.minus(left).isBefore(now)) {
                    return epoch;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no fresh epoch opened; the last answer: " + last);
    }

    /** Epoch {@code n} once its state passes {@code test}. */
    static JsonPath awaitEpoch(long n, Predicate<String> test) throws InterruptedException {
        long deadline = System.nanoTime() + EPOCH.multipliedBy(2).plusSeconds(60).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            Response epoch = asAdmin().get("/api/ledger/epochs/" + n);
            last = epoch.asString();
            if (epoch.statusCode() == 200) {
                String state = epoch.path("state");
                assertNotEquals("failed", state, () -> "epoch " + n + ": " + epoch.asString());
                if (test.test(state)) {
                    return epoch.jsonPath();
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("epoch " + n + " did not get there; the last answer: " + last);
    }

    static Response settle(String idempotencyKey, String body) {
        var request = asAdmin().contentType("application/json").body(body);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/tokens/rewards/settle");
    }

    /** The usage ledger's leaf of a record, as anyone recomputes it from the record. */
    static byte[] ledgerLeaf(
            long epoch, String meetingId, String nodeId, long minutes, int quality) {
        return MerkleTree.leaf(
                new MerkleTree.Abi()
                        .uint256(epoch)
                        .bytes32(Hash.sha3(meetingId.getBytes(StandardCharsets.UTF_8)))
                        .bytes32(Hash.sha3(nodeId.getBytes(StandardCharsets.UTF_8)))
                        .uint256(minutes)
                        .uint256(quality)
                        .encode());
    }

    static List<byte[]> bytes(List<String> hexes) {
        return hexes.stream().map(h -> HexFormat.of().parseHex(h.substring(2))).toList();
    }

    static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    static void sleepUntil(Instant at) throws InterruptedException {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static String subscribeAdministrators(String url) {
        Response created =
                asAdmin()
                        .contentType("application/json")
                        .body("{\"url\": \"" + url + "\", \"event_types\": [\"epoch.settled\"]}")
                        .post("/api/webhooks");
        assertEquals(201, created.statusCode(), created::asString);
        return created.path("id");
    }

    /** A webhook receiver on this machine that keeps every event it is sent. */
    private static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final List<JsonPath> events = new CopyOnWriteArrayList<>();

        Receiver() throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(
                    "/hook",
                    exchange -> {
                        byte[] body = exchange.getRequestBody().readAllBytes();
                        events.add(new JsonPath(new String(body, StandardCharsets.UTF_8)));
                        exchange.sendResponseHeaders(204, -1);
                        exchange.close();
                    });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        List<JsonPath> events() {
            return events;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}

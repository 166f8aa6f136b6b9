package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.chain.api.Eip712;
import io.chroom.chain.contracts.ChroomGovernor;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Governance through the API: a proposal of a new price made with {@code POST
 * /api/governance/proposals} (proposed by the platform's signer), a holder's vote signed from the
 * ballot the API hands out and relayed by the server, the vote passing, the timelock executing it,
 * and the price the API answers changing.
 */
class GovernanceIT {

    @Test
    void aProposalMadeThroughTheApiPassesByASignedVoteAndChangesThePrice() throws Exception {
        Chain chain = new Chain();
        try {
            Api.Tenant tenant = Api.newAccount();
            Credentials holder = Chain.account(1);
            String before =
                    as(tenant)
                            .get("/api/governance/parameters")
                            .path("price_per_participant_minute");
            String price =
                    new BigDecimal(before)
                            .add(new BigDecimal("0.0015"))
                            .stripTrailingZeros()
                            .toPlainString();

            // The holder's 5% of the supply votes once delegated (quorum is 4%); delegating
            // before the proposal makes the votes count at its snapshot.
            chain.tokenAs(holder).delegate(holder.getAddress()).send();

            refusesBadProposals(tenant);
            String description = "Price " + price + " per participant-minute, " + UUID.randomUUID();
            Map<String, Object> body =
                    Map.of(
                            "description",
                            description,
                            "changes",
                            List.of(
                                    Map.of(
                                            "parameter",
                                            "price_per_participant_minute",
                                            "value",
                                            price)));
            String key = UUID.randomUUID().toString();
            Response accepted = propose(tenant, key, body);
            assertEquals(202, accepted.statusCode(), accepted::asString);
            String id = accepted.path("id");
            assertEquals("pending", accepted.path("state"), "the relay's state at first");
            assertEquals("pending", accepted.path("relay_state"));
            assertEquals("price_per_participant_minute", accepted.path("changes[0].parameter"));
            assertEquals(price, accepted.path("changes[0].value"));
            assertEquals(
                    Chain.env("CHROOM_CHAIN_PARAMETERS_ADDRESS").toLowerCase(),
                    accepted.<String>path("changes[0].target").toLowerCase());

            Response replay = propose(tenant, key, body);
            assertEquals(202, replay.statusCode(), replay::asString);
            assertEquals(id, replay.path("id"), "a replay answers the first proposal");
            assertEquals("true", replay.header("Idempotency-Replayed"));
            assertProblem(
                    propose(
                            tenant,
                            key,
                            Map.of(
                                    "description",
                                    "other",
                                    "changes",
                                    List.of(Map.of("parameter", "epoch_seconds", "value", "60")))),
                    409);
            assertProblem(propose(tenant, null, body), 409);

            ChroomGovernor governor = governor(chain, holder);
            TokensIT.await(
                    () -> {
                        Response now = proposal(tenant, id);
                        return "active".equals(now.path("state"))
                                && "confirmed".equals(now.path("relay_state"));
                    },
                    Duration.ofSeconds(40),
                    "the proposal is on chain, its relay confirmed and its vote open");
            BigInteger proposalId = new BigInteger(id);
            assertEquals(
                    BigInteger.ONE,
                    governor.state(proposalId).send(),
                    "the API's id is the governor's");
            Response open = proposal(tenant, id);
            assertEquals(Chain.treasury().toLowerCase(), open.path("proposer"));
            assertEquals("confirmed", open.path("relay_state"));
            assertNotNull(open.path("vote_start"));
            assertNotNull(open.path("vote_end"));
            assertEquals("0", open.path("votes_for"));
            Response listed = as(tenant).get("/api/governance/proposals?limit=5");
            assertEquals(200, listed.statusCode(), listed::asString);
            assertEquals(id, listed.path("data[0].id"), "newest first");

            Response typed =
                    as(tenant)
                            .get(
                                    "/api/governance/ballot?proposal_id="
                                            + id
                                            + "&support=1&voter="
                                            + holder.getAddress());
            assertEquals(200, typed.statusCode(), typed::asString);
            assertEquals("Ballot", typed.path("primaryType"));
            byte[] digest = new StructuredDataEncoder(typed.asString()).hashStructuredData();
            BigInteger nonce = governor.nonces(holder.getAddress()).send();
            assertArrayEquals(
                    Eip712.ballot(
                            31337,
                            Chain.env("CHROOM_CHAIN_GOVERNOR_ADDRESS"),
                            proposalId,
                            1,
                            holder.getAddress(),
                            nonce),
                    digest,
                    "the typed data is the governor's ballot at the holder's nonce");
            assertProblem(
                    as(tenant).get("/api/governance/ballot?proposal_id=" + id + "&voter=0x12"),
                    400);

            Response forged = vote(tenant, id, holder, Chain.sign(digest, Chain.account(2)));
            assertProblem(forged, 400);
            Response relayed = vote(tenant, id, holder, Chain.sign(digest, holder));
            assertEquals(202, relayed.statusCode(), relayed::asString);
            String weight =
                    new BigDecimal(chain.balanceOf(holder.getAddress()))
                            .movePointLeft(18)
                            .stripTrailingZeros()
                            .toPlainString();
            TokensIT.await(
                    () -> weight.equals(proposal(tenant, id).path("votes_for")),
                    Duration.ofSeconds(30),
                    "the relayed vote is counted with the holder's weight, as the API shows it");

            chain.mine(12);
            assertEquals("succeeded", proposal(tenant, id).path("state"));
            List<String> targets = proposal(tenant, id).path("changes.target");
            List<byte[]> calls =
                    proposal(tenant, id).<List<String>>path("changes.calldata").stream()
                            .map(Numeric::hexStringToByteArray)
                            .toList();
            List<BigInteger> values = List.of(BigInteger.ZERO);
            byte[] descriptionHash = Hash.sha3(description.getBytes(StandardCharsets.UTF_8));
            governor.queue(targets, values, calls, descriptionHash).send();
            assertEquals("queued", proposal(tenant, id).path("state"));
            TokensIT.await(
                    () -> proposal(tenant, id).path("eta_seconds") != null,
                    Duration.ofSeconds(20),
                    "the queued event, once confirmed, gives the time of execution");
            chain.advanceSeconds(2);
            governor.execute(targets, values, calls, descriptionHash, BigInteger.ZERO).send();

            String after =
                    as(tenant)
                            .get("/api/governance/parameters")
                            .path("price_per_participant_minute");
            assertEquals(price, after, "the API follows the executed change at once");
            assertEquals("executed", proposal(tenant, id).path("state"));
        } finally {
            chain.close();
        }
    }

    private static void refusesBadProposals(Api.Tenant tenant) {
        Response unknown =
                propose(
                        tenant,
                        null,
                        Map.of(
                                "description",
                                "colours",
                                "changes",
                                List.of(Map.of("parameter", "colour", "value", "1"))));
        assertProblem(unknown, 400);
        assertEquals("changes[0].parameter", unknown.path("errors[0].field"));
        Response outOfRange =
                propose(
                        tenant,
                        null,
                        Map.of(
                                "description",
                                "quality",
                                "changes",
                                List.of(
                                        Map.of(
                                                "parameter",
                                                "min_quality_score",
                                                "value",
                                                "20000"))));
        assertProblem(outOfRange, 400);
        assertEquals("changes[0].value", outOfRange.path("errors[0].field"));
        Response twice =
                propose(
                        tenant,
                        null,
                        Map.of(
                                "description",
                                "twice",
                                "changes",
                                List.of(
                                        Map.of("parameter", "epoch_seconds", "value", "60"),
                                        Map.of("parameter", "epoch_seconds", "value", "90"))));
        assertProblem(twice, 400);
        assertProblem(propose(tenant, null, Map.of("description", "nothing")), 400);

        String reader = Api.newKey(tenant, "tokens:read");
        Response forbidden =
                Api.as(reader)
                        .contentType("application/json")
                        .body(
                                Map.of(
                                        "description",
                                        "no scope",
                                        "changes",
                                        List.of(
                                                Map.of(
                                                        "parameter",
                                                        "epoch_seconds",
                                                        "value",
                                                        "60"))))
                        .post("/api/governance/proposals");
        assertProblem(forbidden, 403);
        assertEquals(200, Api.as(reader).get("/api/governance/proposals").statusCode());
        assertTrue(
                as(tenant).get("/api/governance/proposals/123").statusCode() == 404,
                "an unknown proposal is 404");
    }

    private static Response propose(Api.Tenant tenant, String key, Map<String, Object> body) {
        var request = as(tenant).contentType("application/json").body(body);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.post("/api/governance/proposals");
    }

    private static Response proposal(Api.Tenant tenant, String id) {
        Response answer = as(tenant).get("/api/governance/proposals/" + id);
        assertEquals(200, answer.statusCode(), answer::asString);
        return answer;
    }

    private static Response vote(
            Api.Tenant tenant, String id, Credentials voter, byte[] signature) {
        return as(tenant)
                .contentType("application/json")
                .body(
                        Map.of(
                                "voter",
                                voter.getAddress(),
                                "support",
                                1,
                                "signature",
                                "0x" + HexFormat.of().formatHex(signature)))
                .post("/api/governance/proposals/" + id + "/votes");
    }

    private static ChroomGovernor governor(Chain chain, Credentials who) {
        return ChroomGovernor.load(
                Chain.env("CHROOM_CHAIN_GOVERNOR_ADDRESS"),
                chain.web3j,
                new FastRawTransactionManager(
                        chain.web3j,
                        who,
                        31337,
                        new PollingTransactionReceiptProcessor(chain.web3j, 200, 150)),
                new StaticGasProvider(
                        BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(1_000_000)));
    }
}

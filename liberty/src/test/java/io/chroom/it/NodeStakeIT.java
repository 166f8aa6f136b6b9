package io.chroom.it;

import static io.chroom.it.Api.asAdmin;
import static io.chroom.it.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.chain.contracts.NodeStaking;
import io.chroom.chain.deploy.OperatorStaking;
import io.restassured.response.Response;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * A node's operator must hold the network's minimum stake on chain: to register a node, to put a
 * drained node back into service, and to become a node's operator. The node here answers nothing
 * (it is registered as down), which the stake check does not mind; ChainOutageIT checks the 503
 * while the chain is down.
 */
class NodeStakeIT {

    @Test
    void aNodeNeedsItsOperatorsStakeToRegisterToComeBackAndToChangeHands() throws Exception {
        Chain chain = new Chain();
        Credentials operator = Chain.account(8);
        String node = null;
        try {
            int before = nodeCount();
            Response unstaked = register(TokensIT.freshAddress());
            assertProblem(unstaked, 409);
            assertEquals(
                    List.of("operator_wallet"),
                    unstaked.jsonPath().getList("errors.field"),
                    "the refusal names the wallet: " + unstaked.asString());
            assertTrue(
                    unstaked.<String>path("detail").contains("at least 1000"),
                    () -> "the detail says the minimum: " + unstaked.asString());
            assertEquals(before, nodeCount(), "nothing was registered");

            OperatorStaking.of(chain.web3j, envOf()).ensureMinimum(operator);
            Response registered = register(operator.getAddress());
            assertEquals(201, registered.statusCode(), registered::asString);
            node = registered.path("node_id");

            asAdmin().post("/api/nodes/" + node + "/drain").then().statusCode(200);
            NodeStaking staking = chain.stakingAs(operator);
            BigInteger stake = staking.stakeOf(operator.getAddress()).send();
            staking.unbond(stake).send();
            Response back = activate(node);
            assertProblem(back, 409);
            assertEquals("operator_wallet", back.path("errors[0].field"));
            assertEquals(
                    "DRAINING",
                    adminState(node),
                    "a node whose operator took the stake back stays out of service");

            OperatorStaking.of(chain.web3j, envOf()).ensureMinimum(operator);
            Response active = activate(node);
            assertEquals(200, active.statusCode(), active::asString);
            assertEquals("ACTIVE", adminState(node), "back in service once staked again");

            String stranger = TokensIT.freshAddress();
            Response handedOver =
                    asAdmin()
                            .contentType("application/json")
                            .body(Map.of("operator_wallet", stranger))
                            .patch("/api/nodes/" + node);
            assertProblem(handedOver, 409);
            assertEquals(
                    operator.getAddress().toLowerCase(),
                    asAdmin()
                            .get("/api/nodes/" + node)
                            .<String>path("operator_wallet")
                            .toLowerCase(),
                    "the node keeps its staked operator");
        } finally {
            if (node != null) {
                asAdmin().delete("/api/nodes/" + node);
            }
            chain.close();
        }
    }

    /** Registers a node that answers nothing, operated by {@code wallet}. */
    static Response register(String wallet) {
        return asAdmin()
                .contentType("application/json")
                .body(
                        Map.of(
                                "name",
                                "staked node",
                                "region",
                                "stake-test",
                                "media_url",
                                "http://127.0.0.1:9/janus",
                                "control_url",
                                "http://127.0.0.1:9/stake/"
                                        + ThreadLocalRandom.current().nextInt(1_000_000),
                                "admin_secret",
                                "stake-test-admin-secret",
                                "capacity",
                                10,
                                "operator_wallet",
                                wallet,
                                "price_per_participant_minute",
                                "0.001"))
                .post("/api/nodes");
    }

    private static Response activate(String node) {
        return asAdmin()
                .contentType("application/json")
                .body(Map.of("state", "active"))
                .patch("/api/nodes/" + node);
    }

    /**
     * The state an administrator set, from the database: the API shows a node that answers nothing
     * (as this one) as down, whatever its administrators set.
     */
    private static String adminState(String node) throws Exception {
        try (Connection db = Database.connect();
                PreparedStatement query =
                        db.prepareStatement("select state from media_nodes where id = ?")) {
            query.setString(1, node);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "node " + node + " is stored");
                return row.getString(1);
            }
        }
    }

    private static int nodeCount() {
        return asAdmin().get("/api/nodes?limit=200").jsonPath().getList("data").size();
    }

    private static Map<String, String> envOf() {
        return Map.of(
                "CHROOM_CHAIN_ID", "31337",
                "CHROOM_CHAIN_TOKEN_ADDRESS", Chain.token(),
                "CHROOM_CHAIN_STAKING_ADDRESS", Chain.env("CHROOM_CHAIN_STAKING_ADDRESS"),
                "CHROOM_CHAIN_PARAMETERS_ADDRESS", Chain.env("CHROOM_CHAIN_PARAMETERS_ADDRESS"));
    }
}

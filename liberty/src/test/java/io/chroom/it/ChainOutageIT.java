package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Chain.TOKEN;
import static io.chroom.it.TokensIT.awaitState;
import static io.chroom.it.TokensIT.freshAddress;
import static io.chroom.it.TokensIT.pay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Payments when the chain or the server goes away: with the chain stopped a payment stays pending
 * and the API still answers, then it confirms once the chain is back; with the server killed after
 * sending and before the receipt, the restarted server finds the receipt and sends nothing twice.
 */
class ChainOutageIT {

    private final Chain chain = new Chain();

    @AfterEach
    void close() throws Exception {
        chain.close();
    }

    @Test
    void aPaymentStaysPendingWhileTheChainIsDownAndConfirmsOnceItIsBack() throws Exception {
        Api.Tenant tenant = TokensIT.fundedAccount(Chain.account(8), 10);
        String recipient = freshAddress();
        String operator = Chain.operatorWallet();

        Chain.script("stop");
        try {
            Response accepted =
                    pay(tenant, null, Map.of("method", "balance", "to", recipient, "amount", "2"));
            assertEquals(202, accepted.statusCode(), accepted::asString);
            String id = accepted.path("id");
            Thread.sleep(4000);
            Response meanwhile = as(tenant).get("/api/tokens/payments/" + id);
            assertEquals(200, meanwhile.statusCode(), "the API answers without the chain");
            assertEquals("pending", meanwhile.path("state"), "pending, not failed");
            Response balance = as(tenant).get("/api/tokens/balance?address=" + recipient);
            assertEquals(503, balance.statusCode(), "a chain read is unavailable");
            assertNotNull(balance.header("Retry-After"), "with Retry-After");
            Response node = NodeStakeIT.register(operator);
            ProblemAssert.assertProblem(node, 503);
            assertNotNull(node.header("Retry-After"), "a stake that cannot be read: retry after");

            Chain.script("start");
            awaitState(tenant, id, "confirmed");
        } finally {
            Chain.script("start");
        }
        assertEquals(TOKEN.multiply(java.math.BigInteger.TWO), chain.balanceOf(recipient));
    }

    @Test
    void aPaymentSentBeforeTheServerDiedIsReconciledAfterItsRestart() throws Exception {
        Api.Tenant tenant = TokensIT.fundedAccount(Chain.account(9), 10);
        String recipient = freshAddress();
        String signer = Chain.treasury();

        chain.intervalMining(0);
        String id;
        long noncesBefore;
        try {
            noncesBefore = chain.minedNonce(signer);
            Response accepted =
                    pay(tenant, null, Map.of("method", "balance", "to", recipient, "amount", "3"));
            assertEquals(202, accepted.statusCode(), accepted::asString);
            id = accepted.path("id");
            awaitState(tenant, id, "submitted");

            killServer();
        } finally {
            chain.intervalMining(Chain.BLOCK_SECONDS);
        }
        // The transaction is mined while no server runs; the restarted one only finds it.
        TokensIT.await(
                () -> {
                    try {
                        return chain.minedNonce(signer) > noncesBefore;
                    } catch (Exception e) {
                        return false;
                    }
                },
                Duration.ofSeconds(30),
                "the sent transaction is mined");
        startServer();

        Response confirmed = awaitState(tenant, id, "confirmed");
        Thread.sleep(3000);
        assertEquals(
                1,
                confirmed.jsonPath().getList("transactions").size(),
                "the payment is one transaction");
        // Epoch settlements send transactions of the signer too: every nonce used since is one
        // transaction of the outbox, so nothing was sent twice or beside it.
        long mined = chain.minedNonce(signer);
        assertEquals(
                mined - noncesBefore,
                outboxTransactions(signer, noncesBefore, mined),
                "every nonce the signer used is one transaction of the outbox");
        assertEquals(TOKEN.multiply(java.math.BigInteger.valueOf(3)), chain.balanceOf(recipient));
    }

    /** Outbox transactions of {@code signer} at nonces from {@code from} up to {@code to}. */
    private static long outboxTransactions(String signer, long from, long to) throws Exception {
        try (Connection db = Database.connect();
                PreparedStatement count =
                        db.prepareStatement(
                                "select count(distinct nonce) from chain_transactions where"
                                        + " lower(signer) = lower(?) and nonce >= ? and nonce <"
                                        + " ?")) {
            count.setString(1, signer);
            count.setLong(2, from);
            count.setLong(3, to);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static void killServer() throws Exception {
        Path serverDir = Path.of(System.getProperty("chroom.server.dir"));
        Path pidFile = serverDir.getParent().resolve(".pid").resolve("chroom.pid");
        String pid = Files.readString(pidFile).trim();
        new ProcessBuilder("kill", "-9", pid).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(1000);
    }

    private static void startServer() throws Exception {
        Path wlp = Path.of(System.getProperty("chroom.wlp.dir"));
        Process start =
                new ProcessBuilder(wlp.resolve("bin/server").toString(), "start", "chroom")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        start.waitFor(120, TimeUnit.SECONDS);
        TokensIT.await(
                () -> {
                    try {
                        return RestAssured.given().get(Api.URL + "/api/meetings").statusCode()
                                == 401;
                    } catch (RuntimeException e) {
                        return false;
                    }
                },
                Duration.ofSeconds(120),
                "the server is back");
    }
}

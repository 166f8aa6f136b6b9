package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Chain.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.chain.api.Eip712;
import io.chroom.chain.contracts.ChroomToken;
import io.restassured.response.Response;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * The token economy against the running server and the test chain (a block a second, two
 * confirmations): balances read from the chain, deposits from linked wallets credited once after
 * their confirmations, payments from the prepaid balance and by relayed permit, each sent once with
 * a nonce of its own.
 */
class TokensIT {

    private static Chain chain;

    @BeforeAll
    static void connect() {
        chain = new Chain();
    }

    @AfterAll
    static void disconnect() {
        chain.close();
    }

    @Test
    void aBalanceIsReadFromTheChain() throws Exception {
        Api.Tenant tenant = Api.newAccount();
        String address = Chain.account(1).getAddress();

        Response balance = as(tenant).get("/api/tokens/balance?address=" + address);

        assertEquals(200, balance.statusCode(), balance::asString);
        assertEquals(
                chain.balanceOf(address),
                new BigInteger(balance.<String>path("balance_units")),
                "the answer is the chain's balance");
        Response bad = as(tenant).get("/api/tokens/balance?address=0x12");
        ProblemAssert.assertProblem(bad, 400);
    }

    @Test
    void aDepositFromALinkedWalletIsCreditedOnceItIsConfirmed() throws Exception {
        Api.Tenant tenant = Api.newAccount();
        Credentials wallet = Chain.account(2);
        Credentials stranger = Chain.account(3);
        link(tenant, wallet);
        Response refused =
                as(tenant)
                        .contentType("application/json")
                        .body(
                                Map.of(
                                        "address",
                                        stranger.getAddress(),
                                        "signature",
                                        walletSignature(tenant, stranger, wallet)))
                        .post("/api/tokens/wallets");
        ProblemAssert.assertProblem(refused, 400);

        BigInteger five = TOKEN.multiply(BigInteger.valueOf(5));
        chain.tokenAs(wallet).transfer(Chain.treasury(), five).send();
        chain.tokenAs(stranger).transfer(Chain.treasury(), five).send();

        await(
                () -> accountBalance(tenant).equals(five),
                Duration.ofSeconds(30),
                "the deposit is credited after its confirmations");
        Thread.sleep(3000);
        assertEquals(five, accountBalance(tenant), "credited once, not again in later rounds");
    }

    @Test
    void aBalancePaymentIsSentOnceAndConfirmed() throws Exception {
        Api.Tenant tenant = fundedAccount(Chain.account(4), 100);
        String recipient = freshAddress();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("method", "balance", "to", recipient, "amount", "1.5");

        Response accepted = pay(tenant, key, body);
        assertEquals(202, accepted.statusCode(), accepted::asString);
        String id = accepted.path("id");
        assertEquals("pending", accepted.path("state"));
        Response replay = pay(tenant, key, body);
        assertEquals(202, replay.statusCode(), replay::asString);
        assertEquals(id, replay.path("id"), "a replay answers the first payment");
        assertEquals("true", replay.header("Idempotency-Replayed"));
        Response other =
                pay(tenant, key, Map.of("method", "balance", "to", recipient, "amount", "2"));
        ProblemAssert.assertProblem(other, 409);

        awaitState(tenant, id, "confirmed");
        assertEquals(
                TOKEN.multiply(BigInteger.valueOf(15)).divide(BigInteger.TEN),
                chain.balanceOf(recipient),
                "the recipient got the amount exactly once");
        assertEquals(
                TOKEN.multiply(BigInteger.valueOf(985)).divide(BigInteger.TEN),
                accountBalance(tenant),
                "the account was debited once");

        Response tooMuch =
                pay(tenant, null, Map.of("method", "balance", "to", recipient, "amount", "1000"));
        ProblemAssert.assertProblem(tooMuch, 400);
    }

    @Test
    void aPermitPaymentIsRelayedAndCreditsTheAccount() throws Exception {
        Api.Tenant tenant = Api.newAccount();
        Credentials payer = Chain.account(5);
        String spender = as(tenant).get("/api/tokens/network").path("spender");
        BigInteger seven = TOKEN.multiply(BigInteger.valueOf(7));
        long deadline = Instant.now().getEpochSecond() + 3600;
        BigInteger nonce =
                new BigInteger(
                        as(tenant)
                                .get("/api/tokens/balance?address=" + payer.getAddress())
                                .<String>path("permit_nonce"));
        byte[] digest =
                Eip712.permit(
                        31337,
                        Chain.token(),
                        payer.getAddress(),
                        spender,
                        seven,
                        nonce,
                        BigInteger.valueOf(deadline));

        Response forged =
                pay(
                        tenant,
                        null,
                        permitBody(payer, "7", deadline, Chain.sign(digest, Chain.account(6))));
        ProblemAssert.assertProblem(forged, 400);
        Response accepted =
                pay(tenant, null, permitBody(payer, "7", deadline, Chain.sign(digest, payer)));
        assertEquals(202, accepted.statusCode(), accepted::asString);

        String id = accepted.path("id");
        awaitState(tenant, id, "confirmed");
        assertEquals(seven, accountBalance(tenant), "the permit's tokens are the account's");
        List<String> hashes =
                as(tenant).get("/api/tokens/payments/" + id).path("transactions.hash");
        assertEquals(2, hashes.size(), "the permit, then the collection");
        // The collection moved the tokens to the treasury (read from its receipt: epoch
        // settlements move the treasury's balance in the background).
        var collection =
                chain.web3j.ethGetTransactionReceipt(hashes.get(1)).send().getTransactionReceipt();
        assertTrue(collection.isPresent(), "the collection is mined");
        List<ChroomToken.TransferEventResponse> transfers =
                ChroomToken.getTransferEvents(collection.get());
        assertEquals(1, transfers.size());
        assertTrue(payer.getAddress().equalsIgnoreCase(transfers.get(0).from));
        assertTrue(Chain.treasury().equalsIgnoreCase(transfers.get(0).to));
        assertEquals(seven, transfers.get(0).value);
    }

    @Test
    void twentyConcurrentPaymentsAreAllConfirmedWithDistinctNonces() throws Exception {
        Api.Tenant tenant = fundedAccount(Chain.account(7), 100);
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            recipients.add(freshAddress());
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Response>> answers = new ArrayList<>();
        for (String recipient : recipients) {
            answers.add(
                    pool.submit(
                            () ->
                                    pay(
                                            tenant,
                                            UUID.randomUUID().toString(),
                                            Map.of(
                                                    "method", "balance", "to", recipient, "amount",
                                                    "1"))));
        }
        List<String> ids = new ArrayList<>();
        for (Future<Response> answer : answers) {
            Response response = answer.get();
            assertEquals(202, response.statusCode(), response::asString);
            ids.add(response.path("id"));
        }
        pool.shutdown();

        Set<Long> nonces = new HashSet<>();
        for (String id : ids) {
            Response payment = awaitState(tenant, id, "confirmed");
            nonces.add(((Number) payment.path("transactions[0].nonce")).longValue());
        }
        assertEquals(20, nonces.size(), () -> "each payment has a nonce of its own: " + nonces);
        for (String recipient : recipients) {
            assertEquals(TOKEN, chain.balanceOf(recipient), "each recipient is paid once");
        }
    }

    // --- helpers shared with ChainOutageIT ---

    static Api.Tenant fundedAccount(Credentials wallet, int tokens) throws Exception {
        Api.Tenant tenant = Api.newAccount();
        link(tenant, wallet);
        BigInteger amount = TOKEN.multiply(BigInteger.valueOf(tokens));
        Chain chain = new Chain();
        try {
            chain.tokenAs(wallet).transfer(Chain.treasury(), amount).send();
        } finally {
            chain.close();
        }
        await(
                () -> accountBalance(tenant).equals(amount),
                Duration.ofSeconds(30),
                "the funding deposit is credited");
        return tenant;
    }

    static void link(Api.Tenant tenant, Credentials wallet) {
        Response linked =
                as(tenant)
                        .contentType("application/json")
                        .body(
                                Map.of(
                                        "address",
                                        wallet.getAddress(),
                                        "signature",
                                        walletSignature(tenant, wallet, wallet)))
                        .post("/api/tokens/wallets");
        assertEquals(200, linked.statusCode(), linked::asString);
        List<String> wallets = linked.path("wallets");
        assertTrue(wallets.contains(wallet.getAddress()), () -> "linked: " + wallets);
    }

    /** {@code signer}'s signature of the link of {@code wallet} to the tenant's account. */
    static String walletSignature(Api.Tenant tenant, Credentials wallet, Credentials signer) {
        Response account = as(tenant).get("/api/tokens/account");
        long nonce = ((Number) account.path("wallet_link_nonce")).longValue();
        byte[] digest =
                Eip712.walletLink(
                        31337,
                        Chain.token(),
                        tenant.accountId(),
                        wallet.getAddress(),
                        BigInteger.valueOf(nonce));
        return "0x" + HexFormat.of().formatHex(Chain.sign(digest, signer));
    }

    static BigInteger accountBalance(Api.Tenant tenant) {
        return new BigInteger(as(tenant).get("/api/tokens/account").<String>path("balance_units"));
    }

    static Response pay(Api.Tenant tenant, String key, Map<String, Object> body) {
        var request = as(tenant).contentType("application/json").body(body);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.post("/api/tokens/payments");
    }

    static Map<String, Object> permitBody(
            Credentials owner, String value, long deadline, byte[] signature) {
        return Map.of(
                "method",
                "permit",
                "permit",
                Map.of(
                        "owner",
                        owner.getAddress(),
                        "value",
                        value,
                        "deadline",
                        deadline,
                        "signature",
                        "0x" + HexFormat.of().formatHex(signature)));
    }

    static Response awaitState(Api.Tenant tenant, String id, String state) throws Exception {
        Response[] last = new Response[1];
        await(
                () -> {
                    last[0] = as(tenant).get("/api/tokens/payments/" + id);
                    String now = last[0].path("state");
                    assertNotEquals(
                            state.equals("failed") ? "confirmed" : "failed",
                            now,
                            () -> "payment " + id + ": " + last[0].asString());
                    return state.equals(now);
                },
                Duration.ofSeconds(60),
                "payment " + id + " is " + state);
        return last[0];
    }

    static String freshAddress() {
        try {
            return "0x" + Keys.getAddress(Keys.createEcKeyPair());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(Supplier<Boolean> condition, Duration patience, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Timed out waiting until " + what);
    }
}

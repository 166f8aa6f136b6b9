package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.TokensIT.freshAddress;
import static io.chroom.it.TokensIT.pay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How many payments a second the outbox confirms on the test chain (a block a second, two
 * confirmations), payments of one account posted by 16 clients at once: {@value #PAYMENTS} timed
 * from the first request to the last confirmation; and, for the outbox alone, a backlog of {@value
 * #BACKLOG} posted while the chain is down, timed from the moment it answers again to the last
 * confirmation. Prints the figures; asserts that each payment is confirmed with a nonce of its own.
 */
class PaymentThroughputIT {

    static final int PAYMENTS = 200;

    /** The backlog of the drain: large enough that the outbox's own pace, not latency, shows. */
    static final int BACKLOG = 600;

    private static Api.Tenant tenant;

    @BeforeAll
    static void fund() throws Exception {
        tenant = TokensIT.fundedAccount(Chain.account(6), PAYMENTS + BACKLOG);
    }

    @Test
    void paymentsConfirmedPerSecondThroughTheOutbox() throws Exception {
        long started = System.nanoTime();
        List<String> ids = post(PAYMENTS);
        long acceptedNanos = System.nanoTime() - started;

        awaitConfirmed(ids);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "Outbox throughput: %d payments accepted in %.2f s (%.0f/s), all confirmed at 2"
                        + " confirmations in %.2f s: %.1f payments/s with %d s blocks%n",
                PAYMENTS,
                acceptedNanos / 1e9,
                PAYMENTS / (acceptedNanos / 1e9),
                seconds,
                PAYMENTS / seconds,
                Chain.BLOCK_SECONDS);
        assertEquals(PAYMENTS, nonces(ids).size(), "every payment has a nonce of its own");
    }

    @Test
    void aBacklogOfPaymentsDrainsThroughTheOutboxOnceTheChainAnswers() throws Exception {
        List<String> ids;
        long answering;
        Chain.script("stop");
        try {
            ids = post(BACKLOG);
        } finally {
            Chain.script("start");
        }
        answering = answersAgain();

        awaitConfirmed(ids);
        double seconds = (System.nanoTime() - answering) / 1e9;
        System.out.printf(
                "Outbox drain: %d payments queued while the chain was down, all confirmed at 2"
                        + " confirmations %.2f s after it answered again: %.1f payments/s with %d"
                        + " s blocks%n",
                BACKLOG, seconds, BACKLOG / seconds, Chain.BLOCK_SECONDS);
        assertEquals(BACKLOG, nonces(ids).size(), "every payment has a nonce of its own");
    }

    /**
     * When the restarted chain answers a read of its state: anvil takes connections before it has
     * loaded its state, and the outbox can do nothing until then.
     */
    private static long answersAgain() throws Exception {
        Chain chain = new Chain();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    chain.minedNonce(Chain.treasury());
                    return System.nanoTime();
                } catch (Exception e) {
                    assertTrue(System.nanoTime() < deadline, "the chain answers again: " + e);
                    Thread.sleep(20);
                }
            }
        } finally {
            chain.close();
        }
    }

    /** Posts {@code count} payments, 16 at a time, and answers their ids. */
    private static List<String> post(int count) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> posted = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                posted.add(
                        clients.submit(
                                () -> {
                                    Response accepted =
                                            pay(
                                                    tenant,
                                                    UUID.randomUUID().toString(),
                                                    Map.of(
                                                            "method",
                                                            "balance",
                                                            "to",
                                                            freshAddress(),
                                                            "amount",
                                                            "1"));
                                    assertEquals(202, accepted.statusCode(), accepted::asString);
                                    return accepted.path("id");
                                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> id : posted) {
                ids.add(id.get());
            }
            return ids;
        } finally {
            clients.shutdown();
        }
    }

    /**
     * Waits until every payment is confirmed, counting them in the database every 50 ms: one cheap
     * query, so that the waiting neither loads the server nor ends later than a round after the
     * last confirmation.
     */
    private static void awaitConfirmed(List<String> ids) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        try (Connection db = Database.connect();
                PreparedStatement count =
                        db.prepareStatement(
                                "select count(*) filter (where state = 'confirmed'), count(*)"
                                        + " filter (where state = 'failed') from payments where"
                                        + " id = any (?)")) {
            count.setArray(1, db.createArrayOf("varchar", ids.toArray()));
            while (true) {
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    assertEquals(0, row.getInt(2), "no payment failed");
                    if (row.getInt(1) == ids.size()) {
                        return;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "every payment is confirmed in time");
                Thread.sleep(50);
            }
        }
    }

    private static Set<Long> nonces(List<String> ids) {
        Set<Long> nonces = new HashSet<>();
        for (String id : ids) {
            Number nonce =
                    as(tenant).get("/api/tokens/payments/" + id).path("transactions[0].nonce");
            nonces.add(nonce.longValue());
        }
        return nonces;
    }
}

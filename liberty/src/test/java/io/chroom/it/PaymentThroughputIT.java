package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.TokensIT.freshAddress;
import static io.chroom.it.TokensIT.pay;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.Response;
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
import org.junit.jupiter.api.Test;

/**
 * How many payments a second the outbox confirms on the test chain (a block a second, two
 * confirmations): {@value #PAYMENTS} payments from one account posted by 16 clients at once, timed
 * from the first request to the last confirmation. Prints the figure; asserts that each payment is
 * confirmed with a nonce of its own.
 */
class PaymentThroughputIT {

    static final int PAYMENTS = 200;

    @Test
    void paymentsConfirmedPerSecondThroughTheOutbox() throws Exception {
        Api.Tenant tenant = TokensIT.fundedAccount(Chain.account(6), PAYMENTS);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<String>> posted = new ArrayList<>();

        long started = System.nanoTime();
        for (int i = 0; i < PAYMENTS; i++) {
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
        long acceptedNanos = System.nanoTime() - started;
        clients.shutdown();

        Set<Long> nonces = new HashSet<>();
        for (String id : ids) {
            TokensIT.await(
                    () ->
                            "confirmed"
                                    .equals(
                                            as(tenant)
                                                    .get("/api/tokens/payments/" + id)
                                                    .path("state")),
                    Duration.ofSeconds(120),
                    "payment " + id + " is confirmed");
        }
        long confirmedNanos = System.nanoTime() - started;
        for (String id : ids) {
            Number nonce =
                    as(tenant).get("/api/tokens/payments/" + id).path("transactions[0].nonce");
            nonces.add(nonce.longValue());
        }

        double seconds = confirmedNanos / 1e9;
        System.out.printf(
                "Outbox throughput: %d payments accepted in %.2f s (%.0f/s), all confirmed at 2"
                        + " confirmations in %.2f s: %.1f payments/s with %d s blocks%n",
                PAYMENTS,
                acceptedNanos / 1e9,
                PAYMENTS / (acceptedNanos / 1e9),
                seconds,
                PAYMENTS / seconds,
                Chain.BLOCK_SECONDS);
        assertEquals(PAYMENTS, nonces.size(), "every payment has a nonce of its own");
    }
}

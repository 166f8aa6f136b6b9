package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.TokensIT.awaitState;
import static io.chroom.it.TokensIT.freshAddress;
import static io.chroom.it.TokensIT.pay;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The payment's account hears of its payments: {@code payment.confirmed} once the chain confirmed
 * one, {@code payment.failed} when the chain refused one (a transfer to the zero address reverts),
 * each once, with the payment as the API shows it.
 */
class PaymentWebhooksIT {

    private HttpServer receiver;
    private final List<JsonPath> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext(
                "/hook",
                exchange -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    received.add(new JsonPath(new String(body, StandardCharsets.UTF_8)));
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void aConfirmedAndAFailedPaymentAreEachAnnouncedOnceToTheirAccount() throws Exception {
        Api.Tenant tenant = TokensIT.fundedAccount(Chain.account(3), 10);
        Response hook =
                as(tenant)
                        .contentType("application/json")
                        .body(
                                Map.of(
                                        "url",
                                        "http://127.0.0.1:"
                                                + receiver.getAddress().getPort()
                                                + "/hook",
                                        "event_types",
                                        List.of("payment.confirmed", "payment.failed")))
                        .post("/api/webhooks");
        assertEquals(201, hook.statusCode(), hook::asString);

        Response paid =
                pay(tenant, null, Map.of("method", "balance", "to", freshAddress(), "amount", "2"));
        assertEquals(202, paid.statusCode(), paid::asString);
        Response refused =
                pay(
                        tenant,
                        null,
                        Map.of(
                                "method",
                                "balance",
                                "to",
                                "0x0000000000000000000000000000000000000000",
                                "amount",
                                "3"));
        assertEquals(202, refused.statusCode(), refused::asString);
        String confirmed = paid.path("id");
        String failed = refused.path("id");
        awaitState(tenant, confirmed, "confirmed");
        awaitState(tenant, failed, "failed");

        TokensIT.await(
                () -> received.size() >= 2, Duration.ofSeconds(30), "both events are delivered");
        Thread.sleep(3000);
        assertEquals(2, received.size(), () -> "one event per payment: " + bodies());
        JsonPath good = event("payment.confirmed");
        JsonPath bad = event("payment.failed");
        assertEquals(confirmed, good.getString("data.id"));
        assertEquals("confirmed", good.getString("data.state"), "the payment as it is now");
        assertEquals(tenant.accountId(), good.getString("account_id"));
        assertEquals(failed, bad.getString("data.id"));
        assertEquals("failed", bad.getString("data.state"));
        assertEquals(
                "3", bad.getString("data.amount"), "the failed payment's amount, refunded to it");
        assertEquals(
                Chain.TOKEN.multiply(java.math.BigInteger.valueOf(8)),
                TokensIT.accountBalance(tenant),
                "10 funded, 2 paid, the failed 3 refunded");
    }

    private JsonPath event(String type) {
        return received.stream()
                .filter(e -> type.equals(e.getString("type")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " among " + bodies()));
    }

    private List<String> bodies() {
        return received.stream().map(JsonPath::prettify).toList();
    }
}

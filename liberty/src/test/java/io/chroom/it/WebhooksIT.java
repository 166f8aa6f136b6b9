package io.chroom.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a real HTTP receiver on this machine: signed delivery, retries, dead letter and
 * redelivery, delivery after a server crash, refused private targets, and tenancy of the log. The
 * test server allow-lists 127.0.0.0/8 and retries within seconds instead of minutes.
 */
class WebhooksIT {

    private static final String URL = System.getProperty("chroom.url", "http://localhost:19080");
    private static final String ADMIN = System.getProperty("chroom.bootstrap.key");

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;

    record Received(String eventId, String type, String timestamp, String signature, String body) {}

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext(
                "/hook",
                exchange -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    boolean fail = failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
                    if (!fail) {
                        received.add(
                                new Received(
                                        exchange.getRequestHeaders().getFirst("Chroom-Event-Id"),
                                        exchange.getRequestHeaders().getFirst("Chroom-Event-Type"),
                                        exchange.getRequestHeaders().getFirst("Chroom-Timestamp"),
                                        exchange.getRequestHeaders().getFirst("Chroom-Signature"),
                                        new String(body, StandardCharsets.UTF_8)));
                    }
                    exchange.sendResponseHeaders(fail ? failureStatus : 204, -1);
                    exchange.close();
                });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void eventsArriveSignedInOrderAndVerifiable() throws Exception {
        String key = newAccountKey();
        JsonPath hook = subscribe(key, hookUrl(), List.of("meeting.created", "meeting.started"));
        String secret = hook.getString("secret");
        assertTrue(secret.startsWith("whsec_"), "the creating answer shows the signing secret");
        String meeting = createMeeting(key);
        api(key).post("/api/meetings/" + meeting + "/start").then().statusCode(200);

        await(() -> received.size() >= 2, Duration.ofSeconds(20), "two events delivered");
        Received created = received.get(0);
        Received started = received.get(1);
        assertEquals("meeting.created", created.type());
        assertEquals("meeting.started", started.type());
        for (Received event : received) {
            assertTrue(
                    verifies(secret, event),
                    "signature verifies with the secret: " + event.signature());
            JsonPath body = new JsonPath(event.body());
            assertEquals(event.eventId(), body.getString("id"), "header and body carry one id");
            assertEquals(meeting, body.getString("data.meeting_id"));
        }
        assertTrue(
                new JsonPath(created.body()).getLong("sequence")
                        < new JsonPath(started.body()).getLong("sequence"),
                "sequence orders the meeting's events");
        assertTrue(
                !verifies("whsec_wrong", created), "a signature by another secret does not verify");

        api(key).get("/api/webhooks/" + hook.getString("id"))
                .then()
                .statusCode(200)
                .body("secret", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void receiverFailingFiveTimesGetsTheEventExactlyOnce() throws Exception {
        String key = newAccountKey();
        String hook = subscribe(key, hookUrl(), List.of("meeting.created")).getString("id");
        failuresLeft.set(5);
        createMeeting(key);

        await(() -> received.size() == 1, Duration.ofSeconds(30), "delivered after five failures");
        Thread.sleep(3000);
        assertEquals(1, received.size(), "the event arrives once, not again after success");
        JsonPath log = api(key).get("/api/webhooks/" + hook + "/deliveries").jsonPath();
        assertEquals("delivered", log.getString("data[0].state"));
        assertEquals(6, log.getList("data[0].attempts").size(), "five failures and one success");
        assertEquals(503, log.getInt("data[0].attempts[0].status_code"));
        assertEquals(204, log.getInt("data[0].attempts[5].status_code"));
    }

    @Test
    void receiverDownForTheWholeWindowEndsDeadAndRedeliveryBringsItHome() throws Exception {
        String key = newAccountKey();
        String hook = subscribe(key, hookUrl(), List.of("meeting.created")).getString("id");
        failuresLeft.set(Integer.MAX_VALUE);
        createMeeting(key);

        await(
                () ->
                        "dead"
                                .equals(
                                        api(key).get("/api/webhooks/" + hook + "/deliveries")
                                                .jsonPath()
                                                .getString("data[0].state")),
                Duration.ofSeconds(40),
                "the delivery gives up and is dead");
        JsonPath log = api(key).get("/api/webhooks/" + hook + "/deliveries?state=dead").jsonPath();
        String dead = log.getString("data[0].id");
        String eventId = log.getString("data[0].event_id");
        assertTrue(log.getList("data[0].attempts").size() > 1, "it was retried before giving up");

        failuresLeft.set(0);
        api(key).post("/api/webhooks/deliveries/" + dead + "/redeliver").then().statusCode(202);
        await(() -> received.size() == 1, Duration.ofSeconds(15), "the redelivery arrives");
        assertEquals(eventId, received.get(0).eventId(), "a redelivery keeps the event id");
    }

    @Test
    void privateAndMetadataTargetsAreRefused() {
        String key = newAccountKey();
        for (String target :
                List.of(
                        "https://10.1.2.3/hook",
                        "https://169.254.169.254/latest/meta-data",
                        "https://[::1]/hook",
                        "ftp://example.com/hook",
                        "https://user:pw@example.com/hook")) {
            api(key).body(Map.of("url", target, "event_types", List.of("meeting.created")))
                    .post("/api/webhooks")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("url"));
        }
        api(key).get("/api/webhooks")
                .then()
                .statusCode(200)
                .body("data.size()", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void anotherAccountCannotSeeOrRedeliverTheLog() throws Exception {
        String owner = newAccountKey();
        String stranger = newAccountKey();
        String hook = subscribe(owner, hookUrl(), List.of("meeting.created")).getString("id");
        api(owner).post("/api/webhooks/" + hook + "/ping").then().statusCode(202);
        await(() -> received.size() == 1, Duration.ofSeconds(15), "the ping arrives");
        assertEquals("webhook.ping", received.get(0).type());
        String delivery =
                api(owner)
                        .get("/api/webhooks/" + hook + "/deliveries")
                        .jsonPath()
                        .getString("data[0].id");

        api(stranger).get("/api/webhooks/" + hook).then().statusCode(404);
        api(stranger).get("/api/webhooks/" + hook + "/deliveries").then().statusCode(404);
        api(stranger)
                .post("/api/webhooks/deliveries/" + delivery + "/redeliver")
                .then()
                .statusCode(404);
        api(stranger).post("/api/webhooks/" + hook + "/ping").then().statusCode(404);
    }

    @Test
    void rotatedSecretSignsBesideTheOldOneDuringGrace() throws Exception {
        String key = newAccountKey();
        JsonPath hook = subscribe(key, hookUrl(), List.of("meeting.created"));
        String old = hook.getString("secret");
        String rotated =
                api(key).body(Map.of("grace_minutes", 60))
                        .post("/api/webhooks/" + hook.getString("id") + "/rotate-secret")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("secret");
        createMeeting(key);
        await(() -> received.size() == 1, Duration.ofSeconds(15), "the event arrives");
        assertTrue(verifies(rotated, received.get(0)), "the new secret verifies");
        assertTrue(verifies(old, received.get(0)), "the old secret still verifies during grace");
    }

    /**
     * Kills the server while a delivery is in flight (the receiver holds the request), starts it
     * again, and expects the event to arrive afterwards with the same event id.
     */
    @Test
    void eventInFlightWhenTheServerDiesIsDeliveredAfterRestart() throws Exception {
        String key = newAccountKey();
        subscribe(key, hookUrl(), List.of("meeting.created"));
        receiver.removeContext("/hook");
        List<String> seenInFlight = new ArrayList<>();
        receiver.createContext(
                "/hook",
                exchange -> {
                    String id = exchange.getRequestHeaders().getFirst("Chroom-Event-Id");
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    if (seenInFlight.isEmpty()) {
                        seenInFlight.add(id);
                        return; // never answers: the server dies while waiting
                    }
                    received.add(
                            new Received(
                                    id,
                                    exchange.getRequestHeaders().getFirst("Chroom-Event-Type"),
                                    null,
                                    null,
                                    new String(body, StandardCharsets.UTF_8)));
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
        createMeeting(key);
        await(() -> !seenInFlight.isEmpty(), Duration.ofSeconds(15), "the delivery is in flight");

        killAndRestartServer();

        await(() -> received.size() == 1, Duration.ofSeconds(60), "delivered after the restart");
        assertEquals(seenInFlight.get(0), received.get(0).eventId(), "the same event, not lost");
    }

    private static void killAndRestartServer() throws Exception {
        Path serverDir = Path.of(System.getProperty("chroom.server.dir"));
        Path wlp = Path.of(System.getProperty("chroom.wlp.dir"));
        Path pidFile = serverDir.getParent().resolve(".pid").resolve("chroom.pid");
        String pid = Files.readString(pidFile).trim();
        new ProcessBuilder("kill", "-9", pid).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(1000);
        Process start =
                new ProcessBuilder(wlp.resolve("bin/server").toString(), "start", "chroom")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        start.waitFor(120, TimeUnit.SECONDS);
        await(
                () -> {
                    try {
                        return given().get(URL + "/api/meetings").statusCode() == 401;
                    } catch (RuntimeException e) {
                        return false;
                    }
                },
                Duration.ofSeconds(120),
                "the server is back");
    }

    private static boolean verifies(String secret, Received event) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected =
                HexFormat.of()
                        .formatHex(
                                mac.doFinal(
                                        (event.timestamp() + "." + event.body())
                                                .getBytes(StandardCharsets.UTF_8)));
        long age = Instant.now().getEpochSecond() - Long.parseLong(event.timestamp());
        boolean fresh = Math.abs(age) < 300;
        for (String part : event.signature().split(",")) {
            if (part.equals("v1=" + expected)) {
                return fresh && event.signature().startsWith("t=" + event.timestamp() + ",");
            }
        }
        return false;
    }

    private static RequestSpecification api(String key) {
        return given().baseUri(URL)
                .header("Authorization", "Bearer " + key)
                .contentType(ContentType.JSON);
    }

    private static String newAccountKey() {
        return api(ADMIN)
                .body(
                        Map.of(
                                "name",
                                "webhooks " + System.nanoTime(),
                                "tier",
                                "premium",
                                "rate_limit_per_minute",
                                100000))
                .post("/api/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("first_key.secret");
    }

    private static JsonPath subscribe(String key, String url, List<String> types) {
        return api(key).body(Map.of("url", url, "event_types", types))
                .post("/api/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private static String createMeeting(String key) {
        return api(key).body(Map.of("title", "Hooked", "host", "u-1", "duration", 30))
                .post("/api/meetings/create")
                .then()
                .statusCode(200)
                .extract()
                .path("meeting_id");
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "Timed out after " + timeout.toSeconds() + " s waiting until " + what);
    }
}

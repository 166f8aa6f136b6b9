package io.chroom.it;

import static io.chroom.it.Api.anonymous;
import static io.chroom.it.Api.as;
import static io.chroom.it.Api.asAdmin;
import static io.chroom.it.Api.createMeeting;
import static io.chroom.it.Api.newAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events in Janus's own event handler format, posted as a node's event handler posts them, become
 * the quality, bandwidth and participant-minutes the analytics API answers; events without a node's
 * credential, or for another node, are refused and stored nowhere; a node posting beyond its rate
 * limit is refused with 429. Samples that arrive after their minute was folded are folded into it.
 * Handles on the real node a: a participant removed by the API, or a meeting ended, stops counting
 * at once; a handle whose detach never arrives is closed by the poll of the node's Janus.
 */
class AnalyticsIT {

    private static String nodeA;

    private static MediaNodes.Node a;

    @BeforeAll
    static void registerNode() {
        a = MediaNodes.node("a");
        nodeA = MediaNodes.register(a, "local", "0.001", 50);
    }

    /** The credential media-node.sh gives the node's event handler. */
    static String credential(MediaNodes.Node node) throws Exception {
        return credential(node.adminSecret());
    }

    static String credential(String adminSecret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(adminSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of()
                .formatHex(mac.doFinal("chroom-ingest".getBytes(StandardCharsets.UTF_8)));
    }

    static Response post(String path, String user, String password, String body) {
        var request = anonymous().contentType("application/json").body(body);
        if (password != null) {
            request = request.auth().preemptive().basic(user, password);
        }
        return request.post(path);
    }

    /** A meeting of a fresh account joined by u-7 on node a: the join answer. */
    private static Map<String, Object> joinedOnA(Tenant tenant) {
        String id =
                createMeeting(tenant, Api.meeting("QoS " + UUID.randomUUID(), "u-42", 30, "u-7"));
        Response join =
                as(tenant)
                        .contentType("application/json")
                        .body("{\"participant_id\": \"u-7\"}")
                        .post("/api/meetings/" + id + "/join");
        assertEquals(200, join.statusCode(), () -> "joining: " + join.asString());
        assertEquals(nodeA, join.path("node.node_id"), "the meeting is placed on node a");
        return join.jsonPath().getMap("");
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    static String attach(Instant at, long session, long handle, String token) {
        return "{\"emitter\":\"chroom-a\",\"type\":2,\"timestamp\":"
                + micros(at)
                + ",\"session_id\":"
                + session
                + ",\"handle_id\":"
                + handle
                + ",\"event\":{\"name\":\"attached\",\"plugin\":\"janus.plugin.videoroom\","
                + "\"token\":\""
                + token
                + "\"}}";
    }

    static String detach(Instant at, long session, long handle) {
        return "{\"type\":2,\"timestamp\":"
                + micros(at)
                + ",\"session_id\":"
                + session
                + ",\"handle_id\":"
                + handle
                + ",\"event\":{\"name\":\"detached\",\"plugin\":\"janus.plugin.videoroom\"}}";
    }

    /** A publisher's audio statistics: what the node received from the participant. */
    static String audio(
            Instant at, long session, long handle, long packets, long lost, long bytes) {
        return audio(at, session, handle, packets, lost, bytes, 40);
    }

    private static String audio(
            Instant at, long session, long handle, long packets, long lost, long bytes, int rtt) {
        return "{\"type\":32,\"subtype\":3,\"timestamp\":"
                + micros(at)
                + ",\"session_id\":"
                + session
                + ",\"handle_id\":"
                + handle
                + ",\"event\":{\"mid\":\"0\",\"mindex\":0,\"media\":\"audio\",\"codec\":\"opus\","
                + "\"base\":48000,\"rtt\":"
                + rtt
                + ",\"lost\":"
                + lost
                + ",\"lost-by-remote\":0,\"jitter-local\":6,\"jitter-remote\":0,"
                + "\"in-link-quality\":100,\"in-media-link-quality\":100,"
                + "\"out-link-quality\":0,\"out-media-link-quality\":0,"
                + "\"packets-received\":"
                + packets
                + ",\"packets-sent\":0,\"bytes-received\":"
                + bytes
                + ",\"bytes-sent\":0,\"bytes-received-lastsec\":4000,"
                + "\"bytes-sent-lastsec\":0,\"nacks-received\":0,\"nacks-sent\":3,"
                + "\"retransmissions-received\":0}}";
    }

    @Test
    void janusEventsBecomeQualityBandwidthAndParticipantMinutes() throws Exception {
        Tenant tenant = newAccount();
        Map<String, Object> join = joinedOnA(tenant);
        String meeting = (String) join.get("meeting_id");
        long session = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        long handle = session + 1;
        // Recent enough to be read raw: minutes are folded two minutes behind the clock.
        Instant t0 = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);

        String batch =
                "["
                        + String.join(
                                ",",
                                attach(t0, session, handle, (String) join.get("token")),
                                audio(t0.plusSeconds(5), session, handle, 250, 0, 20_000),
                                // 10 of 260 packets lost in the next 5 s: about 3.85 %
                                audio(t0.plusSeconds(10), session, handle, 500, 10, 40_000),
                                detach(t0.plusSeconds(65), session, handle))
                        + "]";
        Response posted = post("/ingest/janus", "a", credential(a), batch);
        assertEquals(204, posted.statusCode(), () -> "ingest: " + posted.asString());

        Response qos =
                as(tenant)
                        .queryParam("meeting_id", meeting)
                        .queryParam("from", t0.minusSeconds(60).toString())
                        .queryParam("to", t0.plusSeconds(120).toString())
                        .queryParam("granularity", "1h")
                        .get("/api/analytics/qos");
        assertEquals(200, qos.statusCode(), qos::asString);
        assertNotNull(qos.header("ETag"), "analytics answers carry an entity tag");
        List<Map<String, Object>> points = qos.jsonPath().getList("data");
        assertEquals(1, points.size(), () -> "one interval of u-7's audio: " + qos.asString());
        Map<String, Object> point = points.get(0);
        assertEquals("u-7", point.get("participant_id"));
        assertEquals("audio", point.get("media"));
        assertEquals(2, ((Number) point.get("samples")).intValue());
        assertEquals(40.0, ((Number) point.get("rtt_ms")).doubleValue(), 0.01);
        assertEquals(6.0, ((Number) point.get("jitter_ms")).doubleValue(), 0.01);
        // First sample: no loss; second: 10 / 260 = 3.85 %; the interval's mean 1.92 %.
        assertEquals(1.92, ((Number) point.get("packet_loss_pct")).doubleValue(), 0.01);
        assertEquals(32_000, ((Number) point.get("bitrate_in_bps")).longValue());
        // G.107: 52 ms one way costs nothing; 3.85 % loss is Ie,eff 12.6, R 80.6, MOS 4.05.
        assertEquals(4.05, ((Number) point.get("mos_min")).doubleValue(), 0.006);
        assertEquals(4.23, ((Number) point.get("mos")).doubleValue(), 0.006, "mean of 4.41, 4.05");

        Response usage =
                as(tenant)
                        .queryParam("by", "meeting")
                        .queryParam("meeting_id", meeting)
                        .queryParam("from", t0.minusSeconds(60).toString())
                        .queryParam("to", t0.plusSeconds(120).toString())
                        .get("/api/analytics/bandwidth");
        assertEquals(200, usage.statusCode(), usage::asString);
        assertEquals(meeting, usage.path("data[0].id"));
        assertEquals(40_000, ((Number) usage.path("data[0].bytes_in")).longValue());
        assertEquals(
                2,
                ((Number) usage.path("data[0].participant_minutes")).intValue(),
                "65 s connected is two started minutes");

        Response byAccount =
                as(tenant)
                        .queryParam("by", "account")
                        .queryParam("from", t0.minusSeconds(60).toString())
                        .queryParam("to", t0.plusSeconds(120).toString())
                        .get("/api/analytics/bandwidth");
        assertEquals(tenant.accountId(), byAccount.path("data[0].id"));
        assertEquals(2, ((Number) byAccount.path("data[0].participant_minutes")).intValue());

        // Another account sees nothing of it.
        Tenant other = newAccount();
        assertEquals(
                404,
                as(other).queryParam("meeting_id", meeting).get("/api/analytics/qos").statusCode(),
                "another account's meeting is not found");
        Response theirs =
                as(other)
                        .queryParam("by", "account")
                        .queryParam("from", t0.minusSeconds(60).toString())
                        .queryParam("to", t0.plusSeconds(120).toString())
                        .get("/api/analytics/bandwidth");
        assertEquals(0, ((Number) theirs.path("data[0].bytes_in")).longValue());
        assertEquals(0, ((Number) theirs.path("data[0].participant_minutes")).intValue());
    }

    @Test
    void eventsWithoutTheNodesCredentialOrForAnotherNodeAreRefused() throws Exception {
        Tenant tenant = newAccount();
        Map<String, Object> join = joinedOnA(tenant);
        String meeting = (String) join.get("meeting_id");
        long session = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        Instant t0 = Instant.now().minusSeconds(30);
        String batch =
                "["
                        + attach(t0, session, session + 1, (String) join.get("token"))
                        + ","
                        + audio(t0.plusSeconds(5), session, session + 1, 100, 0, 8000)
                        + "]";

        Response none = post("/ingest/janus", null, null, batch);
        assertEquals(401, none.statusCode());
        ProblemAssert.assertProblem(none, 401);
        assertNotNull(none.header("WWW-Authenticate"), "a 401 names the basic scheme");
        assertEquals(401, post("/ingest/janus", "a", "not-the-credential", batch).statusCode());
        Response foreign = post("/ingest/janus/node_someoneelse", "a", credential(a), batch);
        assertEquals(403, foreign.statusCode(), foreign::asString);
        ProblemAssert.assertProblem(foreign, 403);
        assertEquals(
                400,
                post("/ingest/janus/" + nodeA, "a", credential(a), "{\"type\": ").statusCode(),
                "a body that is not events is a 400");

        Response qos =
                as(tenant)
                        .queryParam("meeting_id", meeting)
                        .queryParam("from", t0.minusSeconds(60).toString())
                        .get("/api/analytics/qos");
        assertEquals(List.of(), qos.jsonPath().getList("data"), "nothing refused is stored");
        assertEquals(
                204,
                post("/ingest/janus/" + nodeA, "a", credential(a), batch).statusCode(),
                "the node's own address with its credential takes the batch");
    }

    @Test
    void metricsShowIngestionRequestsLatenciesPoolsAndConnectorHealth() throws Exception {
        Tenant tenant = newAccount();
        Map<String, Object> join = joinedOnA(tenant);
        long session = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        Instant now = Instant.now();
        String batch =
                "["
                        + attach(now, session, session + 1, (String) join.get("token"))
                        + ","
                        + audio(now, session, session + 1, 100, 0, 8000)
                        + "]";
        assertEquals(204, post("/ingest/janus", "a", credential(a), batch).statusCode());
        assertEquals(401, post("/ingest/janus", "a", "wrong", batch).statusCode());

        Response metrics = anonymous().get("/metrics");
        assertEquals(200, metrics.statusCode(), "operators scrape /metrics");
        String text = metrics.asString();
        for (String figure :
                List.of(
                        "chroom_ingest_samples_total",
                        "chroom_ingest_batch_duration_seconds",
                        "chroom_nodes{health=\"up\"",
                        "chroom_chain_reachable",
                        "chroom_ingest_newest_sample_age_seconds",
                        "REST_request_seconds_count",
                        "http_server_request_duration_seconds_count",
                        "connectionpool_managedConnections")) {
            assertTrue(
                    text.contains(figure),
                    () ->
                            "/metrics shows "
                                    + figure
                                    + "; it shows "
                                    + text.lines()
                                            .filter(l -> !l.startsWith("#"))
                                            .map(l -> l.replaceAll("[{ ].*", ""))
                                            .distinct()
                                            .toList());
        }
        assertTrue(
                text.lines()
                        .anyMatch(
                                l ->
                                        l.startsWith("chroom_ingest_refused_total{")
                                                && l.contains("reason=\"unauthenticated\"")),
                "the refused batch is counted by its reason");
        double samples = metric(text, "chroom_ingest_samples_total");
        assertTrue(samples >= 1, "the sample just ingested is counted: " + samples);
    }

    /** The value of the first line of {@code name} in Prometheus text. */
    private static double metric(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no " + name + " in /metrics");
    }

    /** Reads a server-sent event stream line by line in the background. */
    private static final class Subscription implements AutoCloseable {
        final java.util.concurrent.BlockingQueue<String> lines =
                new java.util.concurrent.LinkedBlockingQueue<>();
        final java.util.concurrent.CompletableFuture<?> reading;

        Subscription(Tenant tenant) throws Exception {
            var client = java.net.http.HttpClient.newHttpClient();
            var request =
                    java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create(Api.URL + "/api/analytics/stream"))
                            .header("Authorization", "Bearer " + tenant.secret())
                            .header("Accept", "text/event-stream")
                            .build();
            var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode(), "the stream opens");
            reading =
                    java.util.concurrent.CompletableFuture.runAsync(
                            () -> response.body().forEach(lines::add));
        }

        /** The data of the first qos event that names {@code meeting}, or null after the wait. */
        String awaitQos(String meeting, java.time.Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            String event = null;
            while (System.nanoTime() < deadline) {
                String line =
                        lines.poll(
                                deadline - System.nanoTime(),
                                java.util.concurrent.TimeUnit.NANOSECONDS);
                if (line == null) {
                    return null;
                }
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")
                        && "qos".equals(event)
                        && line.contains("\"" + meeting + "\"")) {
                    return line.substring(5).trim();
                }
            }
            return null;
        }

        @Override
        public void close() {
            reading.cancel(true);
        }
    }

    @Test
    void theLiveStreamDeliversASampleWithinFiveSecondsToItsAccountOnly() throws Exception {
        Tenant tenant = newAccount();
        Tenant other = newAccount();
        Map<String, Object> join = joinedOnA(tenant);
        String meeting = (String) join.get("meeting_id");
        long session = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        try (Subscription mine = new Subscription(tenant);
                Subscription theirs = new Subscription(other)) {
            Instant now = Instant.now();
            String batch =
                    "["
                            + attach(now, session, session + 1, (String) join.get("token"))
                            + ","
                            + audio(now, session, session + 1, 100, 0, 8000)
                            + "]";
            long posted = System.nanoTime();
            assertEquals(204, post("/ingest/janus", "a", credential(a), batch).statusCode());

            String data = mine.awaitQos(meeting, java.time.Duration.ofSeconds(5));
            assertNotNull(data, "the subscriber gets the sample within 5 s");
            long millis = (System.nanoTime() - posted) / 1_000_000;
            assertTrue(millis < 5000, "delivered in " + millis + " ms");
            assertTrue(data.contains("\"participant_id\":\"u-7\""), data);
            assertTrue(data.contains("\"mos\":4.41"), data);
            assertEquals(
                    null,
                    theirs.awaitQos(meeting, java.time.Duration.ofSeconds(2)),
                    "another account's subscriber gets nothing of it");
        }
    }

    // ---- late samples ------------------------------------------------------------------------

    /** The 1m QoS points of a meeting over a window, by minute. */
    private static Map<Instant, Map<String, Object>> minutes(
            Tenant tenant, String meeting, Instant from, Instant to) {
        Response qos =
                as(tenant)
                        .queryParam("meeting_id", meeting)
                        .queryParam("from", from.toString())
                        .queryParam("to", to.toString())
                        .queryParam("granularity", "1m")
                        .get("/api/analytics/qos");
        assertEquals(200, qos.statusCode(), qos::asString);
        Map<Instant, Map<String, Object>> byMinute = new java.util.TreeMap<>();
        for (Map<String, Object> point : qos.jsonPath().<Map<String, Object>>getList("data")) {
            byMinute.put(Instant.parse((String) point.get("at")), point);
        }
        return byMinute;
    }

    private static int samples(Map<Instant, Map<String, Object>> minutes, Instant minute) {
        Map<String, Object> point = minutes.get(minute);
        return point == null ? 0 : ((Number) point.get("samples")).intValue();
    }

    @Test
    void samplesArrivingAfterTheirMinuteWasFoldedAreFoldedIntoIt() throws Exception {
        Tenant tenant = newAccount();
        Map<String, Object> join = joinedOnA(tenant);
        String meeting = (String) join.get("meeting_id");
        long session = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        long handle = session + 1;
        // Six minutes old: the minute job folded these minutes long ago.
        Instant m = Instant.now().minus(Duration.ofMinutes(6)).truncatedTo(ChronoUnit.MINUTES);
        Instant next = m.plusSeconds(60);
        Instant from = m.minusSeconds(60);
        Instant to = m.plusSeconds(180);

        String first =
                "["
                        + String.join(
                                ",",
                                attach(
                                        m.minusSeconds(10),
                                        session,
                                        handle,
                                        (String) join.get("token")),
                                audio(m.plusSeconds(10), session, handle, 250, 0, 20_000, 40),
                                audio(next.plusSeconds(10), session, handle, 750, 0, 60_000, 20))
                        + "]";
        assertEquals(204, post("/ingest/janus", "a", credential(a), first).statusCode());
        MediaNodes.await(
                () -> {
                    var folded = minutes(tenant, meeting, from, to);
                    return samples(folded, m) == 1 && samples(folded, next) == 1;
                },
                Duration.ofSeconds(40),
                "both late minutes folded, one sample each");

        // A sample between the two arrives later still: both minutes are folded again.
        String between = "[" + audio(m.plusSeconds(40), session, handle, 500, 0, 40_000, 80) + "]";
        assertEquals(204, post("/ingest/janus", "a", credential(a), between).statusCode());
        MediaNodes.await(
                () -> samples(minutes(tenant, meeting, from, to), m) == 2,
                Duration.ofSeconds(40),
                "the minute folded again with the later sample");
        var folded = minutes(tenant, meeting, from, to);
        assertEquals(
                60.0,
                ((Number) folded.get(m).get("rtt_ms")).doubleValue(),
                0.01,
                "the minute's mean is of both its samples: " + folded);
        assertEquals(1, samples(folded, next), "the next minute keeps its one sample");

        // Bytes are each sample's growth over the stream's previous one: no byte counts twice.
        try (Connection db = Database.connect();
                PreparedStatement q =
                        db.prepareStatement(
                                "select minute, bytes_in from media_minutes where meeting_id = ?"
                                        + " order by minute")) {
            q.setString(1, meeting);
            Map<Instant, Long> bytes = new java.util.TreeMap<>();
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    bytes.put(rows.getTimestamp(1).toInstant(), rows.getLong(2));
                }
            }
            assertEquals(Map.of(m, 40_000L, next, 20_000L), bytes, "bytes per minute");
        }
    }

    // ---- where and how often nodes may post ---------------------------------------------

    @Test
    void theIngestionAnswersUnderIngestOnly() throws Exception {
        ProblemAssert.assertProblem(
                asAdmin().contentType("application/json").body("[]").post("/api/janus"), 404);
        ProblemAssert.assertProblem(
                asAdmin().contentType("application/json").body("[]").post("/api/janus/" + nodeA),
                404);
        assertEquals(204, post("/ingest/janus", "a", credential(a), "[]").statusCode());
    }

    /** Registers a node that exists only to post events (its control API is nowhere). */
    private static String ingestOnlyNode(String adminSecret) {
        String unique = UUID.randomUUID().toString();
        Response created =
                asAdmin()
                        .contentType("application/json")
                        .body(
                                "{\"name\": \"ingest only\", \"media_url\":"
                                        + " \"http://127.0.0.1:9/"
                                        + unique
                                        + "/janus\", \"control_url\": \"http://127.0.0.1:9/"
                                        + unique
                                        + "/admin\", \"admin_secret\": "
                                        + Api.json(adminSecret)
                                        + ", \"region\": \"nowhere\", \"capacity\": 1,"
                                        + " \"operator_wallet\": \""
                                        + Chain.operatorWallet()
                                        + "\","
                                        + " \"price_per_participant_minute\": \"0\"}")
                        .post("/api/nodes");
        assertEquals(201, created.statusCode(), created::asString);
        return created.path("node_id");
    }

    @Test
    void aNodePostingBeyondItsRateLimitIsRefusedWith429AndOtherNodesAreNot() throws Exception {
        String secretX = "ingest-x-" + UUID.randomUUID();
        String secretY = "ingest-y-" + UUID.randomUUID();
        String x = ingestOnlyNode(secretX);
        String y = ingestOnlyNode(secretY);
        HttpClient http = HttpClient.newHttpClient();
        String basic =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        ("x:" + credential(secretX))
                                                .getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> refused = null;
            int taken = 0;
            // The limit is the test server's 1200 a minute; a minute may turn over meanwhile.
            for (int i = 0; i < 3000 && refused == null; i++) {
                HttpResponse<String> answer =
                        http.send(
                                HttpRequest.newBuilder(URI.create(Api.URL + "/ingest/janus"))
                                        .header("Authorization", basic)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("[]"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 429) {
                    refused = answer;
                } else {
                    assertEquals(204, answer.statusCode(), answer::body);
                    taken++;
                }
            }
            assertNotNull(refused, "the node's batches beyond its limit are refused");
            HttpResponse<String> tooMany = refused;
            assertTrue(taken >= 1200, "the limit's 1200 batches were taken first: " + taken);
            assertTrue(
                    tooMany.headers()
                            .firstValue("Content-Type")
                            .orElse("")
                            .startsWith("application/problem+json"),
                    "a 429 is a problem document");
            assertTrue(tooMany.body().contains("\"status\":429"), tooMany::body);
            long retryAfter =
                    Long.parseLong(tooMany.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            assertEquals("1200", tooMany.headers().firstValue("X-RateLimit-Limit").orElse(null));
            assertEquals("0", tooMany.headers().firstValue("X-RateLimit-Remaining").orElse(null));

            Response other = post("/ingest/janus", "y", credential(secretY), "[]");
            assertEquals(204, other.statusCode(), "another node's limit is its own");
            assertEquals("1199", other.header("X-RateLimit-Remaining"));
        } finally {
            asAdmin().delete("/api/nodes/" + x);
            asAdmin().delete("/api/nodes/" + y);
        }
        assertEquals(
                401,
                post("/ingest/janus", "x", credential(secretX), "[]").statusCode(),
                "a removed node's credential is no longer taken");
    }

    // ---- connected time on the real node a ---------------------------------------------------

    /** One fact of a handle's row, or null when there is no such row or the fact is unset. */
    private static Instant handleTime(long handle, String column) {
        try (Connection db = Database.connect();
                PreparedStatement q =
                        db.prepareStatement(
                                "select "
                                        + column
                                        + " from media_handles where node_id = ? and handle_id"
                                        + " = ?")) {
            q.setString(1, nodeA);
            q.setLong(2, handle);
            try (ResultSet row = q.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                Timestamp at = row.getTimestamp(1);
                return at == null ? null : at.toInstant();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void removingAParticipantOrEndingTheMeetingEndsTheirConnectedTime() throws Exception {
        Tenant tenant = newAccount();
        Map<String, Object> guest = joinedOnA(tenant);
        String meeting = (String) guest.get("meeting_id");
        Response hostJoin =
                as(tenant)
                        .contentType("application/json")
                        .body("{\"participant_id\": \"u-42\"}")
                        .post("/api/meetings/" + meeting + "/join");
        assertEquals(200, hostJoin.statusCode(), hostJoin::asString);
        String guestToken = (String) guest.get("token");
        String hostToken = hostJoin.path("token");

        long guestSession = a.createSession(guestToken);
        long hostSession = a.createSession(hostToken);
        try {
            long guestHandle = a.attach(guestSession, guestToken, "chroom-" + meeting + "-u-7");
            long hostHandle = a.attach(hostSession, hostToken, "chroom-" + meeting + "-u-42");
            MediaNodes.await(
                    () ->
                            handleTime(guestHandle, "attached_at") != null
                                    && handleTime(hostHandle, "attached_at") != null,
                    Duration.ofSeconds(15),
                    "the node's attach events store both handles");

            Instant removing = Instant.now();
            assertEquals(
                    204,
                    as(tenant)
                            .delete("/api/meetings/" + meeting + "/participants/u-7")
                            .statusCode());
            Instant guestLeft = handleTime(guestHandle, "detached_at");
            assertNotNull(guestLeft, "the removed participant's time ends with the removal");
            assertFalse(guestLeft.isBefore(removing.minusSeconds(1)), "at the removal");
            assertTrue(a.holds(guestSession, guestHandle), "although the node still holds it");
            assertNull(handleTime(hostHandle, "detached_at"), "the host is still connected");

            assertEquals(200, as(tenant).post("/api/meetings/" + meeting + "/start").statusCode());
            Instant ending = Instant.now();
            assertEquals(200, as(tenant).post("/api/meetings/" + meeting + "/end").statusCode());
            Instant hostLeft = handleTime(hostHandle, "detached_at");
            assertNotNull(hostLeft, "the meeting's end ends the host's time");
            assertFalse(hostLeft.isBefore(ending.minusSeconds(1)), "at the end");

            Response usage =
                    as(tenant)
                            .queryParam("by", "meeting")
                            .queryParam("meeting_id", meeting)
                            .queryParam("from", removing.minusSeconds(120).toString())
                            .queryParam("to", Instant.now().plusSeconds(600).toString())
                            .get("/api/analytics/bandwidth");
            assertEquals(
                    2,
                    ((Number) usage.path("data[0].participant_minutes")).intValue(),
                    () -> "a started minute each, not the window to come: " + usage.asString());
        } finally {
            a.destroySession(guestSession);
            a.destroySession(hostSession);
        }
    }

    @Test
    void aHandleWhoseDetachNeverArrivesIsClosedByThePollOfTheNode() throws Exception {
        Tenant tenant = newAccount();
        Map<String, Object> join = joinedOnA(tenant);
        String meeting = (String) join.get("meeting_id");
        String token = (String) join.get("token");
        long session = a.createSession(token);
        try {
            long handle = a.attach(session, token, "chroom-" + meeting + "-u-7");
            MediaNodes.await(
                    () -> handleTime(handle, "attached_at") != null,
                    Duration.ofSeconds(15),
                    "the node's attach event stores the handle");

            // The node's events stop reaching Chroom; once it is silent, its Janus is polled.
            Instant stopped = Instant.now();
            a.postEvents("none");
            Instant detached;
            try {
                MediaNodes.await(
                        () -> {
                            Instant seen = handleTime(handle, "seen_at");
                            return seen != null && seen.isAfter(stopped.plusSeconds(10));
                        },
                        Duration.ofSeconds(40),
                        "the silent node polled, its handle seen there");
                assertNull(handleTime(handle, "detached_at"), "a handle it holds stays open");

                a.detach(session, handle, token);
                detached = Instant.now();
                assertFalse(a.holds(session, handle), "the node no longer holds the handle");
                MediaNodes.await(
                        () -> handleTime(handle, "detached_at") != null,
                        Duration.ofSeconds(20),
                        "the poll closes the handle the node no longer holds");
            } finally {
                a.postEvents(MediaNodes.EVENTS);
            }
            Instant closed = handleTime(handle, "detached_at");
            assertTrue(
                    !closed.isAfter(detached) && closed.isAfter(detached.minusSeconds(10)),
                    () -> "closed when last seen, before the detach: " + closed + ", " + detached);
        } finally {
            a.destroySession(session);
        }
    }
}

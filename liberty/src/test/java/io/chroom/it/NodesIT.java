package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.asAdmin;
import static io.chroom.it.Api.json;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.MediaNodes.await;
import static io.chroom.it.MediaNodes.node;
import static io.chroom.it.MediaNodes.register;
import static io.chroom.it.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import io.chroom.it.MediaNodes.Node;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pool of media nodes against two real Janus nodes with coturn, each in its own network
 * namespace: registration, health, placement by each policy, drain, joins and what they grant on
 * the node, and the node's tidying when a meeting ends or a node fails.
 */
class NodesIT {

    private final Node a = node("a");
    private final Node b = node("b");
    private final Tenant tenant = newAccount();

    private String nodeA;
    private String nodeB;

    @BeforeEach
    void bothNodesUpAndActive() {
        // Node a is the dearer one in eu-west, b the cheaper one in us-east, each with room for
        // 1000.
        nodeA = register(a, "eu-west", "0.002", 1000);
        nodeB = register(b, "us-east", "0.001", 1000);
    }

    /** Ends what the test left live, so that no test's meetings weigh on the next's placement. */
    @AfterEach
    void endLiveMeetings() {
        for (String id :
                as(tenant)
                        .get("/api/meetings?status=live&limit=200")
                        .jsonPath()
                        .<String>getList("data.meeting_id")) {
            as(tenant).post("/api/meetings/" + id + "/end");
        }
    }

    @Test
    void aRegisteredNodeShowsItsHealthAndLoadButNeverItsSecrets() {
        Response node = asAdmin().get("/api/nodes/" + nodeA);
        assertEquals(200, node.statusCode());
        assertEquals("active", node.path("state"));
        assertEquals("up", node.path("health.status"));
        assertTrue(
                node.<String>path("health.software").startsWith("Janus"),
                () -> "the node said who it is: " + node.asString());
        assertNotNull(node.path("health.control_rtt_ms"), "the control round trip is measured");
        await(
                () -> asAdmin().get("/api/nodes/" + nodeA).path("health.stun_rtt_ms") != null,
                Duration.ofSeconds(15),
                "the health watch measured the STUN round trip");
        Response probed = asAdmin().get("/api/nodes/" + nodeA);
        assertEquals(Boolean.TRUE, probed.path("health.turn"), "a TURN allocation succeeded");
        assertFalse(
                probed.asString().contains(a.adminSecret())
                        || probed.asString().contains(a.turnSecret()),
                "no secret in the answer");

        Response seenByCustomer = as(tenant).get("/api/nodes/" + nodeA);
        assertEquals(200, seenByCustomer.statusCode(), "nodes:read");
        assertNull(seenByCustomer.path("control_url"), "only operators see the control URL");
        assertEquals(a.mediaUrl(), seenByCustomer.path("media_url"));
        assertProblem(
                as(tenant)
                        .contentType("application/json")
                        .body(
                                "{\"name\": \"mine\", \"region\": \"eu\", \"media_url\": "
                                        + json(a.mediaUrl())
                                        + ", \"control_url\": \"http://10.77.0.2:7099/admin\","
                                        + " \"admin_secret\": \"0123456789abcdef\","
                                        + " \"capacity\": 10, \"operator_wallet\":"
                                        + " \"0x00000000000000000000000000000000000000a1\","
                                        + " \"price_per_participant_minute\": \"1\"}")
                        .post("/api/nodes"),
                403);
        assertProblem(as(tenant).post("/api/nodes/" + nodeA + "/drain"), 403);
        assertProblem(asAdmin().get("/api/nodes/node_doesNotExist0000000"), 404);

        Response health = asAdmin().get("/api/nodes/" + nodeA + "/health");
        assertEquals(200, health.statusCode());
        assertFalse(health.jsonPath().getList("recent").isEmpty(), "probes are recorded");
    }

    @Test
    void aBadRegistrationIsRefusedAndStoresNothing() {
        int before = asAdmin().get("/api/nodes?limit=200").jsonPath().getList("data").size();
        Response refused =
                asAdmin()
                        .contentType("application/json")
                        .body(
                                "{\"name\": \"bad\", \"region\": \"eu\", \"media_url\":"
                                        + " \"http://169.254.169.254/janus\", \"control_url\":"
                                        + " \"http://169.254.169.254/admin\", \"admin_secret\":"
                                        + " \"0123456789abcdef\", \"capacity\": 0,"
                                        + " \"operator_wallet\": \"0x12\","
                                        + " \"price_per_participant_minute\": \"-1\"}")
                        .post("/api/nodes");
        assertProblem(refused, 400);
        List<String> fields = refused.jsonPath().getList("errors.field");
        assertTrue(fields.contains("capacity"), () -> "capacity named: " + fields);
        assertTrue(fields.contains("operator_wallet"), () -> "wallet named: " + fields);
        assertTrue(fields.contains("price_per_participant_minute"), () -> "price named: " + fields);

        Response metadata =
                asAdmin()
                        .contentType("application/json")
                        .body(
                                "{\"name\": \"bad\", \"region\": \"eu\", \"media_url\":"
                                        + " \"http://169.254.169.254/janus\", \"control_url\":"
                                        + " \"http://169.254.169.254/admin\", \"admin_secret\":"
                                        + " \"0123456789abcdef\", \"capacity\": 10,"
                                        + " \"operator_wallet\":"
                                        + " \"0x00000000000000000000000000000000000000a1\","
                                        + " \"price_per_participant_minute\": \"1\"}")
                        .post("/api/nodes");
        assertProblem(metadata, 400);
        assertEquals("media_url", metadata.path("errors[0].field"), "a metadata address");
        assertEquals(
                before,
                asAdmin().get("/api/nodes?limit=200").jsonPath().getList("data").size(),
                "nothing was registered");
    }

    @Test
    void meetingsArePlacedByThePolicyTheyAskFor() {
        assertEquals(nodeB, placedOn(startMeeting("lowest_price", null)), "b is cheaper");
        assertEquals(nodeB, placedOn(startMeeting("lowest_latency", "us-east")), "b is in us-east");
        assertEquals(nodeA, placedOn(startMeeting("lowest_latency", "eu-west")), "a is in eu-west");

        // A meeting booked for 300 on b makes a the less loaded node, before anyone joins it.
        String busy =
                Api.createMeeting(
                        tenant,
                        "{\"title\": \"Town hall\", \"host\": \"ceo\", \"duration\": 60,"
                                + " \"node_policy\": \"lowest_price\", \"participants\": "
                                + Api.jsonArray(
                                        java.util.stream.IntStream.range(0, 299)
                                                .mapToObj(i -> "staff-" + i)
                                                .toList())
                                + "}");
        as(tenant).post("/api/meetings/" + busy + "/start").then().statusCode(200);
        assertEquals(nodeB, placedOn(busy));
        assertEquals(nodeA, placedOn(startMeeting("least_loaded", null)), "a is less loaded");

        asAdmin()
                .contentType("application/json")
                .body("{\"price_per_participant_minute\": \"0.0005\"}")
                .patch("/api/nodes/" + nodeA)
                .then()
                .statusCode(200);
        assertEquals(nodeA, placedOn(startMeeting("lowest_price", null)), "a is cheaper now");
    }

    @Test
    void aJoinGrantsATokenOnTheNodeAndRemovingTheParticipantRevokesIt() {
        String meeting = startMeeting("lowest_latency", "eu-west");
        JsonPath joined = join(meeting, "u-1");
        String token = joined.getString("token");
        assertEquals("participant", joined.getString("role"));
        assertEquals(a.mediaUrl(), joined.getString("node.media_url"));
        assertTrue(joined.getLong("room.room_id") > 0);
        assertNotNull(joined.getString("room.pin"));
        assertEquals(false, joined.getBoolean("e2ee"));
        List<String> turnUrls = joined.getList("ice_servers[1].urls");
        assertTrue(turnUrls.get(0).startsWith("turn:"), () -> "TURN offered: " + turnUrls);
        assertTrue(
                joined.getString("ice_servers[1].username").endsWith(":u-1"),
                "time-limited TURN user");

        assertTrue(a.tokens().contains(token), "the node accepts the token");
        assertTrue(a.hasRoom(joined.getLong("room.room_id")), "the room exists on the node");
        assertEquals("success", createSession(a, token).getString("janus"), "the token attaches");

        as(tenant).delete("/api/meetings/" + meeting + "/participants/u-1").then().statusCode(204);
        assertFalse(a.tokens().contains(token), "the node no longer accepts the token");
        JsonPath refused = createSession(a, token);
        assertEquals("error", refused.getString("janus"), "a revoked token cannot attach");
        assertEquals(403, refused.getInt("error.code"));

        assertProblem(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"participant_id\": \"stranger\"}")
                        .post("/api/meetings/" + meeting + "/join"),
                400);
    }

    @Test
    void endingAMeetingDestroysItsRoomAndRevokesItsTokens() {
        String meeting = startMeeting("lowest_latency", "us-east");
        JsonPath joined = join(meeting, "u-42");
        assertEquals("host", joined.getString("role"));
        long room = joined.getLong("room.room_id");
        assertTrue(b.hasRoom(room));

        as(tenant).post("/api/meetings/" + meeting + "/end").then().statusCode(200);

        assertFalse(b.hasRoom(room), "the room is gone from the node");
        assertFalse(b.tokens().contains(joined.getString("token")), "the token is revoked");
        Object placement = as(tenant).get("/api/meetings/" + meeting).path("placement");
        assertNull(placement, "an ended meeting is on no node");
        assertProblem(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"participant_id\": \"u-42\"}")
                        .post("/api/meetings/" + meeting + "/join"),
                409);
    }

    @Test
    void joinsThatPlaceAMeetingAtOnceShareOnePlacement() throws Exception {
        String meeting =
                Api.createMeeting(
                        tenant,
                        "{\"title\": \"Rush\", \"host\": \"u-42\", \"participants\":"
                                + " [\"u-1\", \"u-2\", \"u-3\", \"u-4\", \"u-5\"],"
                                + " \"duration\": 30}");
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<Response>> joins = new java.util.ArrayList<>();
            for (String who : List.of("u-42", "u-1", "u-2", "u-3", "u-4", "u-5")) {
                joins.add(
                        threads.submit(
                                () ->
                                        as(tenant)
                                                .contentType("application/json")
                                                .body("{\"participant_id\": " + json(who) + "}")
                                                .post("/api/meetings/" + meeting + "/join")));
            }
            java.util.Set<Long> rooms = new java.util.HashSet<>();
            for (Future<Response> join : joins) {
                Response answer = join.get(60, TimeUnit.SECONDS);
                assertEquals(200, answer.statusCode(), answer::asString);
                rooms.add(answer.jsonPath().getLong("room.room_id"));
            }
            assertEquals(1, rooms.size(), "every join got the same room");
        } finally {
            threads.shutdownNow();
        }
        assertEquals(
                1,
                as(tenant)
                        .get("/api/meetings/" + meeting + "/placements")
                        .jsonPath()
                        .getList("data")
                        .size(),
                "the meeting was placed once");
    }

    @Test
    void aDrainingNodeHandsItsMeetingsOverAndTakesNoNewOnes() {
        String meeting = startMeeting("lowest_latency", "eu-west");
        JsonPath joined = join(meeting, "u-1");
        long oldRoom = joined.getLong("room.room_id");
        assertEquals(nodeA, placedOn(meeting));

        Response drained = asAdmin().post("/api/nodes/" + nodeA + "/drain");
        assertEquals(200, drained.statusCode(), drained::asString);
        assertEquals("draining", drained.path("state"));

        assertEquals(nodeB, placedOn(meeting), "the live meeting moved to b");
        assertFalse(a.hasRoom(oldRoom), "its room on a is gone");
        assertTrue(b.tokens().contains(joined.getString("token")), "the same token works on b");
        JsonPath rejoined = join(meeting, "u-1");
        assertEquals(b.mediaUrl(), rejoined.getString("node.media_url"));
        assertEquals(
                nodeB,
                placedOn(startMeeting("lowest_latency", "eu-west")),
                "a draining node takes no new meeting, even in its own region");

        JsonPath history = as(tenant).get("/api/meetings/" + meeting + "/placements").jsonPath();
        assertEquals(List.of(nodeB, nodeA), history.getList("data.node_id"), "newest first");
        assertEquals(List.of("node_drained", "placed"), history.getList("data.reason"));
        assertEquals(List.of(true, false), history.getList("data.current"));
        assertEquals("node_drained", history.getString("data[1].release_reason"));
        assertEquals(
                history.getString("data[0].placed_at"),
                history.getString("data[1].released_at"),
                "the meeting left a in the moment it came to b");
        assertNull(history.get("data[0].released_at"), "it is still on b");
        assertNull(history.get("data[0].release_reason"));
        assertEquals(oldRoom, history.getLong("data[1].room_id"));

        Response first = as(tenant).get("/api/meetings/" + meeting + "/placements?limit=1");
        assertEquals(List.of(nodeB), first.jsonPath().getList("data.node_id"));
        String cursor = first.path("next_cursor");
        assertNotNull(cursor, "a second page follows");
        assertTrue(first.header("Link").contains("rel=\"next\""), first.header("Link"));
        JsonPath second =
                as(tenant)
                        .queryParam("limit", 1)
                        .queryParam("cursor", cursor)
                        .get("/api/meetings/" + meeting + "/placements")
                        .jsonPath();
        assertEquals(List.of(nodeA), second.getList("data.node_id"));
        assertNull(second.get("next_cursor"));

        assertProblem(as(newAccount()).get("/api/meetings/" + meeting + "/placements"), 404);
        assertProblem(
                as(Api.newKey(tenant, "meetings:write"))
                        .get("/api/meetings/" + meeting + "/placements"),
                403);
        assertProblem(
                as(tenant).get("/api/meetings/" + meeting + "/placements?cursor=nonsense"), 400);
    }

    @Test
    void aNodeWhoseJanusStopsIsDownWithin15SecondsAndItsMeetingsMove() {
        String meeting = startMeeting("lowest_latency", "eu-west");
        String token = join(meeting, "u-1").getString("token");
        assertEquals(nodeA, placedOn(meeting));

        a.stopJanus();
        try {
            long stopped = System.nanoTime();
            await(
                    () -> "down".equals(asAdmin().get("/api/nodes/" + nodeA).path("state")),
                    Duration.ofSeconds(15),
                    "node a marked down");
            System.out.printf(
                    "node a marked down %d ms after its Janus stopped%n",
                    (System.nanoTime() - stopped) / 1_000_000);
            await(
                    () -> nodeB.equals(placedOn(meeting)),
                    Duration.ofSeconds(5),
                    "the meeting moved to b");
            assertTrue(b.tokens().contains(token), "the participant's token works on b");
            JsonPath history =
                    as(tenant).get("/api/meetings/" + meeting + "/placements").jsonPath();
            assertEquals(List.of(nodeB, nodeA), history.getList("data.node_id"));
            assertEquals(
                    List.of("node_down", "placed"),
                    history.getList("data.reason"),
                    "the meeting came to b because a went down");
            assertEquals("node_down", history.getString("data[1].release_reason"));
        } finally {
            a.startJanus();
        }
        await(
                () -> "up".equals(asAdmin().get("/api/nodes/" + nodeA).path("health.status")),
                Duration.ofSeconds(15),
                "node a up again");
    }

    private String startMeeting(String policy, String region) {
        String body =
                "{\"title\": \"Placement\", \"host\": \"u-42\", \"participants\": [\"u-1\","
                        + " \"u-2\", \"u-3\"], \"duration\": 30, \"node_policy\": "
                        + json(policy)
                        + (region == null ? "" : ", \"region\": " + json(region))
                        + "}";
        String id = Api.createMeeting(tenant, body);
        Response started = as(tenant).post("/api/meetings/" + id + "/start");
        assertEquals(200, started.statusCode(), started::asString);
        return id;
    }

    private String placedOn(String meeting) {
        return as(tenant).get("/api/meetings/" + meeting).path("placement.node_id");
    }

    private JsonPath join(String meeting, String participant) {
        Response joined =
                as(tenant)
                        .contentType("application/json")
                        .body("{\"participant_id\": " + json(participant) + "}")
                        .post("/api/meetings/" + meeting + "/join");
        assertEquals(200, joined.statusCode(), joined::asString);
        return joined.jsonPath();
    }

    /** Opens a Janus session on the node's client API with a token, as a browser would. */
    private static JsonPath createSession(Node node, String token) {
        return RestAssured.given()
                .contentType("application/json")
                .body(
                        "{\"janus\": \"create\", \"transaction\": "
                                + json(UUID.randomUUID().toString())
                                + ", \"token\": "
                                + json(token)
                                + "}")
                .post(node.mediaUrl())
                .jsonPath();
    }
}

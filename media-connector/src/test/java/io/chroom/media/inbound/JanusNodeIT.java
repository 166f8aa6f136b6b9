package io.chroom.media.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chroom.media.api.MediaNodeAddress;
import io.chroom.media.api.MediaNodeException;
import io.chroom.media.api.NodeEvent;
import io.chroom.media.api.NodeHealth;
import io.chroom.media.api.NodeInfo;
import io.chroom.media.api.RoomSpec;
import io.chroom.media.api.WatchedNode;
import io.chroom.media.outbound.JanusAdminClient;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drives a real media node (Janus and coturn in network namespace {@code chroom-itmedia}, subnet
 * 10.82.0.0/24) started by {@code liberty/scripts/media-node.sh}: the control client's room and
 * token calls, then the probe on the healthy node and after its Janus is stopped. Needs root.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JanusNodeIT {

    private static final String SCRIPT = "../liberty/scripts/media-node.sh";
    private static final String NODE = "itmedia";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static Map<String, String> env;
    private static MediaNodeAddress address;
    private static WatchedNode watched;
    private static long startMillis;

    @BeforeAll
    static void startNode() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "media nodes need root");

        long started = System.nanoTime();
        String out = script("start", NODE, "5");
        startMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.println("media node " + NODE + " started in " + startMillis + " ms");

        env = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("CHROOM_NODE_") && eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        address =
                new MediaNodeAddress(
                        URI.create(env.get("CHROOM_NODE_CONTROL_URL")),
                        env.get("CHROOM_NODE_ADMIN_SECRET"));
        watched =
                new WatchedNode(
                        NODE,
                        address,
                        URI.create(env.get("CHROOM_NODE_TURN_URL")),
                        env.get("CHROOM_NODE_TURN_SECRET"),
                        NodeEvent.Kind.UP);
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (env != null) {
            script("stop", NODE);
        }
    }

    @Test
    @Order(1)
    void scriptPrintsTheNodeOn10_82() {
        assertEquals("http://10.82.0.2:7088/admin", env.get("CHROOM_NODE_CONTROL_URL"));
        assertEquals("http://10.82.0.2:8088/janus", env.get("CHROOM_NODE_MEDIA_URL"));
        assertEquals("turn:10.82.0.2:3478", env.get("CHROOM_NODE_TURN_URL"));
        assertTrue(startMillis < 10_000, "the node starts within 10 s, took " + startMillis);
    }

    @Test
    @Order(2)
    void roomsLiveAndDieOnTheNode() {
        long roomId = ThreadLocalRandom.current().nextLong(1, RoomSpec.MAX_ROOM_ID);
        RoomSpec room = new RoomSpec(roomId, "it room", "room-secret", "1234", 4, false);

        try (JanusAdminClient client = new JanusAdminClient(address, TIMEOUT)) {
            assertFalse(client.roomExists(roomId), "a fresh id names no room");
            assertTrue(client.createRoom(room), "the first create makes the room");
            assertTrue(client.roomExists(roomId), "the room exists after create");
            assertFalse(client.createRoom(room), "a second create answers false (427)");
            assertTrue(client.participants(roomId).isEmpty(), "nobody joined yet");

            NodeInfo info = client.info();
            assertEquals("Janus WebRTC Server", info.software());
            assertTrue(info.rooms() >= 1, "info counts the room: " + info);

            client.kick(roomId, "room-secret", 12345);
            MediaNodeException wrongSecret =
                    assertThrows(
                            MediaNodeException.class,
                            () -> client.destroyRoom(roomId, "not-the-secret"),
                            "a wrong room secret is refused");
            assertFalse(
                    wrongSecret.getMessage().contains("not-the-secret"),
                    "errors never echo secrets");

            client.destroyRoom(roomId, "room-secret");
            assertFalse(client.roomExists(roomId), "the room is gone after destroy");
            client.destroyRoom(roomId, "room-secret");
            assertTrue(client.participants(roomId).isEmpty(), "no room, nobody in it (426)");
        }
    }

    @Test
    @Order(3)
    void tokensAreGrantedListedAndRevoked() {
        String token = UUID.randomUUID().toString();

        try (JanusAdminClient client = new JanusAdminClient(address, TIMEOUT)) {
            client.grant(token);
            client.grant(token);
            assertTrue(client.grantedTokens().contains(token), "the granted token is listed");

            client.revoke(token);
            assertFalse(client.grantedTokens().contains(token), "the revoked token is gone");
            client.revoke(token);
        }
    }

    @Test
    @Order(4)
    void wrongAdminSecretIsRefusedWithoutEchoingIt() {
        MediaNodeAddress wrong = new MediaNodeAddress(address.controlUrl(), "wrong-admin-secret");
        try (JanusAdminClient client = new JanusAdminClient(wrong, TIMEOUT)) {
            MediaNodeException refused = assertThrows(MediaNodeException.class, client::info);
            assertFalse(refused.getMessage().contains("wrong-admin-secret"));
        }
    }

    @Test
    @Order(5)
    void probeOfAHealthyNodePassesControlStunAndTurn() {
        NodeHealth health = new NodeProbe(TIMEOUT).probe(watched);

        assertTrue(health.controlReachable(), "control API answers: " + health.detail());
        assertTrue(health.controlRttMillis() >= 0);
        assertTrue(health.stunRttMillis() >= 0, "STUN answers: " + health.detail());
        assertTrue(health.turnAllocated(), "TURN allocates: " + health.detail());
        assertNull(health.detail());
    }

    @Test
    @Order(6)
    void probeWithAWrongTurnSecretIsDegradedNotDown() {
        WatchedNode wrongSecret =
                new WatchedNode(NODE, address, watched.turnServer(), "wrong", NodeEvent.Kind.UP);

        NodeHealth health = new NodeProbe(TIMEOUT).probe(wrongSecret);

        assertTrue(health.controlReachable());
        assertTrue(health.stunRttMillis() >= 0, "STUN needs no credentials");
        assertFalse(health.turnAllocated(), "TURN refuses credentials from another secret");
        assertTrue(health.detail().startsWith("TURN:"), health.detail());
    }

    @Test
    @Order(7)
    void probeAfterJanusStopsFindsTheControlApiUnreachable() throws Exception {
        script("stop-janus", NODE);
        try {
            NodeHealth health = new NodeProbe(TIMEOUT).probe(watched);

            assertFalse(health.controlReachable(), "Janus is stopped");
            assertEquals(-1, health.controlRttMillis());
            assertTrue(health.detail().startsWith("control API:"), health.detail());
        } finally {
            script("start-janus", NODE);
        }
        assertTrue(new NodeProbe(TIMEOUT).probe(watched).turnAllocated(), "the node recovers");
    }

    @Test
    @Order(8)
    void handlesAreListedAndReadUntilTheyAreGone() throws Exception {
        String token = UUID.randomUUID().toString();
        try (JanusAdminClient client = new JanusAdminClient(address, TIMEOUT)) {
            client.grant(token);
            URI media = URI.create(env.get("CHROOM_NODE_MEDIA_URL"));
            long session = client(media, "{\"janus\":\"create\",\"token\":\"" + token + "\"}");
            URI sessionUrl = URI.create(media + "/" + session);
            long handle =
                    client(
                            sessionUrl,
                            "{\"janus\":\"attach\",\"plugin\":\"janus.plugin.videoroom\","
                                    + "\"opaque_id\":\"chroom-m1-u-7\",\"token\":\""
                                    + token
                                    + "\"}");

            assertEquals(
                    java.util.List.of(handle),
                    client.handles().get(session),
                    "the session lists its handle");
            var info = client.handleInfo(session, handle).orElseThrow();
            assertEquals("chroom-m1-u-7", info.opaqueId(), "the label the client gave it");
            assertEquals(handle, info.handleId());
            assertTrue(info.streams().isEmpty(), "no PeerConnection, no stream statistics");

            client(
                    URI.create(sessionUrl + "/" + handle),
                    "{\"janus\":\"detach\",\"token\":\"" + token + "\"}");
            assertTrue(client.handleInfo(session, handle).isEmpty(), "a detached handle is gone");
            assertEquals(java.util.List.of(), client.handles().get(session));

            client(sessionUrl, "{\"janus\":\"destroy\",\"token\":\"" + token + "\"}");
            assertFalse(client.handles().containsKey(session), "a destroyed session is not listed");
            assertTrue(client.handleInfo(session, handle).isEmpty(), "nor are its handles");
            client.revoke(token);
        }
    }

    /** Sends a Janus client API request; answers the id the node made (session or handle). */
    private static long client(URI url, String json) throws Exception {
        String body =
                json.substring(0, json.length() - 1)
                        + ",\"transaction\":\""
                        + UUID.randomUUID()
                        + "\"}";
        var answer =
                java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(url)
                                        .header("Content-Type", "application/json")
                                        .POST(
                                                java.net.http.HttpRequest.BodyPublishers.ofString(
                                                        body))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer::body);
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(answer.body()))) {
            var object = reader.readObject();
            assertEquals("success", object.getString("janus"), answer::body);
            var data = object.getJsonObject("data");
            return data == null ? 0 : data.getJsonNumber("id").longValue();
        }
    }

    private static String script(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = SCRIPT;
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment()
                .put("CHROOM_MEDIA_STATE", new File("target/media-nodes").getAbsolutePath());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        if (code != 0) {
            throw new IllegalStateException(
                    "media-node.sh " + String.join(" ", args) + " failed (" + code + "): " + out);
        }
        return out;
    }
}

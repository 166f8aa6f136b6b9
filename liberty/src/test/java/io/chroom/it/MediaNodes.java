package io.chroom.it;

import static io.chroom.it.Api.asAdmin;
import static io.chroom.it.Api.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The two real media nodes the build starts for the tests ({@code a} and {@code b}: Janus and
 * coturn, each in its own network namespace, started by {@code media-node.sh} before the tests),
 * and short ways to register them, make them fail, and ask them directly what they hold.
 */
final class MediaNodes {

    static final Path STATE = Path.of(System.getProperty("chroom.media.state", "target/media"));
    static final Path SCRIPT =
            Path.of(System.getProperty("chroom.media.script", "scripts/media-node.sh"));

    /** The events media-node.sh has a node's sample event handler post. */
    static final String EVENTS = "sessions,handles,webrtc,media";

    /** One node as its {@code node.env} describes it. */
    record Node(
            String name,
            String controlUrl,
            String mediaUrl,
            String turnUrl,
            String adminSecret,
            String turnSecret) {

        /** Sends one Admin API request to the node itself and answers its JSON. */
        JsonPath admin(String request, String extraJson) {
            String body =
                    "{\"janus\": "
                            + json(request)
                            + ", \"transaction\": "
                            + json(UUID.randomUUID().toString())
                            + ", \"admin_secret\": "
                            + json(adminSecret)
                            + (extraJson == null ? "" : ", " + extraJson)
                            + "}";
            Response answer =
                    RestAssured.given().contentType("application/json").body(body).post(controlUrl);
            assertEquals(200, answer.statusCode(), () -> "Admin API of " + name);
            return answer.jsonPath();
        }

        /** Tokens the node accepts now. */
        List<String> tokens() {
            return admin("list_tokens", null).getList("data.tokens.token");
        }

        /** Whether the VideoRoom plugin on the node has {@code room}. */
        boolean hasRoom(long room) {
            JsonPath answer =
                    admin(
                            "message_plugin",
                            "\"plugin\": \"janus.plugin.videoroom\", \"request\": {\"request\":"
                                    + " \"exists\", \"room\": "
                                    + room
                                    + "}");
            return answer.getBoolean("response.exists");
        }

        /**
         * Sets which events the node's sample event handler posts to Chroom: {@code none} stops
         * them (as a broken link to Chroom would), {@link #EVENTS} is what media-node.sh sets.
         */
        void postEvents(String events) {
            JsonPath answer =
                    admin(
                            "query_eventhandler",
                            "\"handler\": \"janus.eventhandler.sampleevh\", \"request\":"
                                    + " {\"request\": \"tweak\", \"events\": "
                                    + json(events)
                                    + "}");
            assertEquals(200, answer.getInt("response.result"), () -> answer.prettify());
        }

        /** Opens a client session on the node with a token Chroom granted; answers its id. */
        long createSession(String token) {
            return client(mediaUrl, "{\"janus\": \"create\", \"token\": " + json(token) + "}");
        }

        /** Attaches a VideoRoom handle labelled as Chroom's pages label theirs; answers its id. */
        long attach(long session, String token, String label) {
            return client(
                    mediaUrl + "/" + session,
                    "{\"janus\": \"attach\", \"plugin\": \"janus.plugin.videoroom\","
                            + " \"opaque_id\": "
                            + json(label)
                            + ", \"token\": "
                            + json(token)
                            + "}");
        }

        /** Detaches a handle as its client would. */
        void detach(long session, long handle, String token) {
            client(
                    mediaUrl + "/" + session + "/" + handle,
                    "{\"janus\": \"detach\", \"token\": " + json(token) + "}");
        }

        /** Ends a client session through the Admin API, as a node losing its client would. */
        void destroySession(long session) {
            String body =
                    "{\"janus\": \"destroy_session\", \"session_id\": "
                            + session
                            + ", \"transaction\": "
                            + json(UUID.randomUUID().toString())
                            + ", \"admin_secret\": "
                            + json(adminSecret)
                            + "}";
            RestAssured.given().contentType("application/json").body(body).post(controlUrl);
        }

        /** Whether the node still holds the handle. */
        boolean holds(long session, long handle) {
            String body =
                    "{\"janus\": \"handle_info\", \"session_id\": "
                            + session
                            + ", \"handle_id\": "
                            + handle
                            + ", \"transaction\": "
                            + json(UUID.randomUUID().toString())
                            + ", \"admin_secret\": "
                            + json(adminSecret)
                            + "}";
            return "success"
                    .equals(
                            RestAssured.given()
                                    .contentType("application/json")
                                    .body(body)
                                    .post(controlUrl)
                                    .path("janus"));
        }

        /** A Janus client API request; answers the id the node made (session or handle), or 0. */
        private static long client(String url, String json) {
            String body =
                    json.substring(0, json.length() - 1)
                            + ", \"transaction\": "
                            + json(UUID.randomUUID().toString())
                            + "}";
            Response answer =
                    RestAssured.given().contentType("application/json").body(body).post(url);
            assertEquals(200, answer.statusCode(), answer::asString);
            assertEquals("success", answer.path("janus"), answer::asString);
            Number id = answer.path("data.id");
            return id == null ? 0 : id.longValue();
        }

        void stopJanus() {
            script("stop-janus", name);
        }

        void startJanus() {
            script("start-janus", name);
        }
    }

    private MediaNodes() {}

    static Node node(String name) {
        Path env = STATE.resolve(name).resolve("node.env");
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(env)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(
                            line.substring(0, eq).trim(), unquote(line.substring(eq + 1).trim()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "media node " + name + " is not running: " + env + " is missing", e);
        }
        return new Node(
                name,
                values.get("CHROOM_NODE_CONTROL_URL"),
                values.get("CHROOM_NODE_MEDIA_URL"),
                values.get("CHROOM_NODE_TURN_URL"),
                values.get("CHROOM_NODE_ADMIN_SECRET"),
                values.get("CHROOM_NODE_TURN_SECRET"));
    }

    /**
     * Registers the node with Chroom, or finds it registered by an earlier test, and sets its
     * region, price and capacity; answers its node id once it is up, active and takes meetings.
     */
    static String register(Node node, String region, String price, int capacity) {
        String id = null;
        for (Map<String, Object> listed :
                asAdmin()
                        .get("/api/nodes?limit=200")
                        .jsonPath()
                        .<Map<String, Object>>getList("data")) {
            if (node.controlUrl().equals(listed.get("control_url"))
                    && !"removed".equals(listed.get("state"))) {
                id = (String) listed.get("node_id");
            }
        }
        String profile =
                "\"region\": "
                        + json(region)
                        + ", \"capacity\": "
                        + capacity
                        + ", \"price_per_participant_minute\": "
                        + json(price);
        if (id == null) {
            Response created =
                    asAdmin()
                            .contentType("application/json")
                            .body(
                                    "{\"name\": "
                                            + json("node " + node.name())
                                            + ", \"media_url\": "
                                            + json(node.mediaUrl())
                                            + ", \"control_url\": "
                                            + json(node.controlUrl())
                                            + ", \"admin_secret\": "
                                            + json(node.adminSecret())
                                            + ", \"turn_url\": "
                                            + json(node.turnUrl())
                                            + ", \"turn_secret\": "
                                            + json(node.turnSecret())
                                            + ", \"operator_wallet\": "
                                            + json(Chain.operatorWallet())
                                            + ", "
                                            + profile
                                            + "}")
                            .post("/api/nodes");
            assertEquals(201, created.statusCode(), () -> "registering: " + created.asString());
            id = created.path("node_id");
        } else {
            Response changed =
                    asAdmin()
                            .contentType("application/json")
                            .body("{\"state\": \"active\", " + profile + "}")
                            .patch("/api/nodes/" + id);
            assertEquals(200, changed.statusCode(), () -> "updating: " + changed.asString());
        }
        String nodeId = id;
        await(
                () ->
                        "active".equals(asAdmin().get("/api/nodes/" + nodeId).path("state"))
                                && "up"
                                        .equals(
                                                asAdmin()
                                                        .get("/api/nodes/" + nodeId)
                                                        .path("health.status")),
                Duration.ofSeconds(30),
                "node " + node.name() + " up and active");
        return nodeId;
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code limit}. */
    static void await(BooleanSupplier condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + limit.toSeconds() + " s for: " + what);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for: " + what);
            }
        }
    }

    static void script(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("CHROOM_MEDIA_STATE", STATE.toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                fail(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && (value.startsWith("'") && value.endsWith("'")
                        || value.startsWith("\"") && value.endsWith("\""))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}

package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.asAdmin;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.Api.newKey;
import static io.chroom.it.ProblemAssert.assertFieldError;
import static io.chroom.it.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The security audit trail: each kind of event is recorded with who did it and to what, failed
 * authentication is one counting entry per source address and minute, administrators filter and
 * page through it, and no entry ever holds a secret.
 */
class AuditIT {

    @Test
    void openingAndChangingAnAccountIsRecordedWithoutItsKeysSecret() {
        Response opened =
                asAdmin()
                        .contentType("application/json")
                        .body("{\"name\": \"Audited Ltd\", \"tier\": \"standard\"}")
                        .post("/api/accounts");
        assertEquals(201, opened.statusCode(), opened::asString);
        String account = opened.path("id");
        String firstKey = opened.path("first_key.id");
        String secret = opened.path("first_key.secret");
        asAdmin()
                .contentType("application/json")
                .body("{\"tier\": \"premium\", \"rate_limit_per_minute\": 5000}")
                .patch("/api/accounts/" + account)
                .then()
                .statusCode(200);

        List<Map<String, Object>> events = eventsOf(account);

        Map<String, Object> created = only(events, "account.created", account);
        assertEquals("Audited Ltd", details(created).get("name"));
        assertEquals("standard", details(created).get("tier"));
        assertNotNull(created.get("actor_account_id"), "the administrators' account acted");
        assertNotNull(created.get("actor_credential_id"), "with the bootstrap key");
        Map<String, Object> key = only(events, "key.created", firstKey);
        assertEquals(account, key.get("account_id"));
        assertTrue(
                ((List<?>) details(key).get("scopes")).contains("meetings:write"),
                "the first key's scopes are recorded");
        Map<String, Object> changed = only(events, "account.changed", account);
        assertEquals("premium", details(changed).get("tier"));
        assertEquals(5000, details(changed).get("rate_limit_per_minute"));

        assertNoSecret(secret);
    }

    @Test
    void keysCreatedAndRevokedAreRecordedForTheirAccount() {
        Tenant tenant = newAccount();
        Response made =
                as(tenant)
                        .contentType("application/json")
                        .body("{\"name\": \"dashboard\", \"scopes\": [\"meetings:read\"]}")
                        .post("/api/keys");
        assertEquals(201, made.statusCode(), made::asString);
        String keyId = made.path("id");
        String secret = made.path("secret");
        as(tenant).delete("/api/keys/" + keyId).then().statusCode(204);

        List<Map<String, Object>> events = eventsOf(tenant.accountId());

        Map<String, Object> created = only(events, "key.created", keyId);
        assertEquals(tenant.accountId(), created.get("actor_account_id"));
        assertEquals(tenant.keyId(), created.get("actor_credential_id"));
        assertEquals("dashboard", details(created).get("name"));
        assertEquals(List.of("meetings:read"), details(created).get("scopes"));
        Map<String, Object> revoked = only(events, "key.revoked", keyId);
        assertEquals(tenant.keyId(), revoked.get("actor_credential_id"));
        assertNoSecret(secret);
    }

    @Test
    void nodeRegistrationChangesDrainAndRemovalAreRecordedWithoutTheNodesSecrets() {
        String adminSecret = "audit-admin-secret-" + ThreadLocalRandom.current().nextLong();
        String turnSecret = "audit-turn-secret-" + ThreadLocalRandom.current().nextLong();
        Response registered =
                asAdmin()
                        .contentType("application/json")
                        .body(
                                "{\"name\": \"audited node\", \"region\": \"audit\","
                                        + " \"media_url\": \"http://127.0.0.1:9/janus\","
                                        + " \"control_url\": \"http://127.0.0.1:9/admin/"
                                        + ThreadLocalRandom.current().nextInt(1_000_000)
                                        + "\", \"admin_secret\": \""
                                        + adminSecret
                                        + "\", \"capacity\": 10, \"operator_wallet\": \""
                                        + Chain.operatorWallet()
                                        + "\", \"price_per_participant_minute\": \"0.001\"}")
                        .post("/api/nodes");
        assertEquals(201, registered.statusCode(), registered::asString);
        String node = registered.path("node_id");
        asAdmin()
                .contentType("application/json")
                .body(
                        "{\"capacity\": 20, \"turn_url\": \"turn:127.0.0.1:3478\","
                                + " \"turn_secret\": \""
                                + turnSecret
                                + "\"}")
                .patch("/api/nodes/" + node)
                .then()
                .statusCode(200);
        asAdmin().post("/api/nodes/" + node + "/drain").then().statusCode(200);
        asAdmin().delete("/api/nodes/" + node).then().statusCode(204);

        Map<String, Object> added = only(ofType("node.registered"), "node.registered", node);
        assertEquals("audited node", details(added).get("name"));
        Map<String, Object> changed = only(ofType("node.changed"), "node.changed", node);
        assertEquals(
                Set.of("capacity", "turn_url", "turn_secret"),
                new HashSet<>((List<?>) details(changed).get("fields")),
                "a change names its fields; a secret's name is all that is kept of it");
        only(ofType("node.drained"), "node.drained", node);
        only(ofType("node.removed"), "node.removed", node);
        assertNoSecret(adminSecret);
        assertNoSecret(turnSecret);
    }

    @Test
    void failedAuthenticationIsOneEntryPerAddressAndMinuteCountingEachFailure() throws Exception {
        String address = randomLoopback();
        String guessed = "chr_guessedKeyThatDoesNotExist" + ThreadLocalRandom.current().nextLong();
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 55_000) {
            Thread.sleep(60_000 - intoMinute + 200);
        }
        for (int i = 0; i < 7; i++) {
            assertEquals(401, raw(address, "Bearer " + guessed + i));
        }
        assertEquals(401, raw(address, "Basic dXNlcjpwYXNz"), "a malformed header counts too");
        assertEquals(401, raw(address, null), "no credential is not a failed authentication");

        List<Map<String, Object>> failures =
                asAdmin()
                        .get("/api/audit?type=auth.failed&limit=200")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("data");
        List<Map<String, Object>> mine =
                failures.stream().filter(e -> address.equals(e.get("source_address"))).toList();
        assertEquals(1, mine.size(), () -> "one entry for the burst: " + mine);
        assertEquals(8, mine.get(0).get("count"), "each presented credential that failed");
        assertNoSecret(guessed);
    }

    @Test
    void aScopeRefusalIsRecordedWithTheCredentialAndWhatItAskedFor() {
        Tenant tenant = newAccount();
        String reader = newKey(tenant, "meetings:read");
        Response refused =
                as(reader)
                        .contentType("application/json")
                        .body(Api.meeting("Refused", "u-1", 30))
                        .post("/api/meetings");
        assertProblem(refused, 403);

        List<Map<String, Object>> events =
                asAdmin()
                        .get("/api/audit?type=scope.refused&account_id=" + tenant.accountId())
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("data");
        assertEquals(1, events.size(), () -> "one refusal: " + events);
        Map<String, Object> event = events.get(0);
        assertEquals(tenant.accountId(), event.get("actor_account_id"));
        assertEquals("POST", details(event).get("method"));
        assertEquals("/api/meetings", details(event).get("path"));
        assertEquals(List.of("meetings:read"), details(event).get("scopes"));
        assertNotEquals(tenant.keyId(), event.get("actor_credential_id"), "the narrow key acted");
        assertNoSecret(reader);
    }

    @Test
    void onlyNetworkAdministratorsReadTheTrailAndItPagesByCursor() {
        Tenant tenant = newAccount();
        assertProblem(as(tenant).get("/api/audit"), 403);
        assertFieldError(asAdmin().get("/api/audit?type=nonsense"), "type");
        assertFieldError(asAdmin().get("/api/audit?from=yesterday"), "from");

        Response first = asAdmin().get("/api/audit?limit=2");
        assertEquals(200, first.statusCode(), first::asString);
        List<Map<String, Object>> page1 = first.path("data");
        String cursor = first.path("next_cursor");
        assertEquals(2, page1.size());
        assertNotNull(cursor, "more than two entries exist");
        assertTrue(first.header("Link").contains("rel=\"next\""), "a Link to the next page");
        List<Map<String, Object>> page2 =
                asAdmin().get("/api/audit?limit=2&cursor=" + cursor).path("data");
        assertFalse(page2.isEmpty());
        assertTrue(
                page1.stream().noneMatch(e -> page2.get(0).get("id").equals(e.get("id"))),
                "pages do not overlap");
    }

    private static List<Map<String, Object>> ofType(String type) {
        return asAdmin()
                .get("/api/audit?limit=200&type=" + type)
                .then()
                .statusCode(200)
                .extract()
                .path("data");
    }

    private static List<Map<String, Object>> eventsOf(String account) {
        return asAdmin()
                .get("/api/audit?limit=200&account_id=" + account)
                .then()
                .statusCode(200)
                .extract()
                .path("data");
    }

    private static Map<String, Object> only(
            List<Map<String, Object>> events, String type, String target) {
        List<Map<String, Object>> found =
                events.stream()
                        .filter(
                                e ->
                                        type.equals(e.get("type"))
                                                && target.equals(e.get("target_id")))
                        .toList();
        assertEquals(1, found.size(), () -> "one " + type + " of " + target + " in " + events);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Map<String, Object> event) {
        return (Map<String, Object>) event.get("details");
    }

    /** The whole trail, read as text, nowhere contains {@code secret}. */
    private static void assertNoSecret(String secret) {
        String cursor = null;
        do {
            Response page =
                    asAdmin()
                            .get(
                                    "/api/audit?limit=200"
                                            + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.statusCode());
            assertFalse(page.asString().contains(secret), "the audit trail holds no secret");
            assertFalse(page.asString().contains(secret.substring(0, 12)), "nor a secret's prefix");
            cursor = page.path("next_cursor");
        } while (cursor != null);
    }

    private static String randomLoopback() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(1, 255) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
    }

    /** A GET from a chosen loopback source address; answers the status. */
    private static int raw(String source, String authorization) throws IOException {
        URI base = URI.create(Api.URL);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5000);
            socket.setSoTimeout(30_000);
            String request =
                    "GET /api/meetings HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                            + (authorization == null
                                    ? ""
                                    : "Authorization: " + authorization + "\r\n")
                            + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status =
                    new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}

package io.chroom.it;

import static io.chroom.it.Api.anonymous;
import static io.chroom.it.Api.as;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.Api.newKey;
import static io.chroom.it.ProblemAssert.assertFieldError;
import static io.chroom.it.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/keys}: issuing, listing and revoking the calling account's API keys. */
class KeysIT {

    private final Tenant tenant = newAccount();

    @Test
    void aKeysSecretIsShownOnceAndNeverAgain() {
        Response created =
                as(tenant)
                        .contentType("application/json")
                        .body("{\"name\": \"reporting\", \"scopes\": [\"meetings:read\"]}")
                        .post("/api/keys");

        assertEquals(201, created.statusCode(), () -> "create: " + created.asString());
        String id = created.path("id");
        String secret = created.path("secret");
        assertTrue(secret.startsWith("chr_") && secret.length() >= 40, "a chr_ secret: " + secret);
        assertEquals(Api.URL + "/api/keys/" + id, created.header("Location"));
        assertEquals("no-store", created.header("Cache-Control"), "secrets are not cached");
        assertEquals(List.of("meetings:read"), created.path("scopes"));
        assertEquals(tenant.accountId(), created.path("account_id"));
        String hint = created.path("secret_hint");
        assertTrue(secret.startsWith(hint.replace("…", "")), "the hint is the secret's start");

        Response list = as(tenant).get("/api/keys");
        assertEquals(200, list.statusCode());
        assertFalse(list.asString().contains(secret), "a list never shows a secret");
        List<Map<String, Object>> keys = list.path("data");
        assertTrue(keys.stream().noneMatch(k -> k.containsKey("secret")), "no secret member");
        assertTrue(
                keys.stream()
                        .anyMatch(k -> id.equals(k.get("id")) && hint.equals(k.get("secret_hint"))),
                () -> "the list shows the key with its hint: " + list.asString());

        assertEquals(200, as(secret).get("/api/meetings").statusCode(), "the new key works");
    }

    @Test
    void aKeyHoldsExactlyItsScopes() {
        String reader = newKey(tenant, "meetings:read");
        assertEquals(200, as(reader).get("/api/meetings").statusCode(), "meetings:read reads");
        assertProblem(
                as(reader)
                        .contentType("application/json")
                        .body(Api.meeting("T", "h", 5))
                        .post("/api/meetings/create"),
                403);
        assertProblem(as(reader).get("/api/keys"), 403);

        String writer = newKey(tenant, "meetings:write");
        String id = Api.createMeeting(new Tenant(tenant.accountId(), null, writer));
        assertProblem(as(writer).get("/api/meetings/" + id), 403);
        assertProblem(as(writer).get("/api/meetings"), 403);
        assertEquals(200, as(writer).post("/api/meetings/" + id + "/start").statusCode());
    }

    @Test
    void aKeyCanNeverGrantMoreThanItHolds() {
        String narrow = newKey(tenant, "keys:admin", "meetings:read");
        int before = as(tenant).get("/api/keys").<List<?>>path("data").size();

        assertProblem(
                as(narrow)
                        .contentType("application/json")
                        .body("{\"name\": \"wider\", \"scopes\": [\"meetings:write\"]}")
                        .post("/api/keys"),
                403);
        assertProblem(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"name\": \"admin\", \"scopes\": [\"accounts:admin\"]}")
                        .post("/api/keys"),
                403);
        assertProblem(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"name\": \"nodes\", \"scopes\": [\"nodes:admin\"]}")
                        .post("/api/keys"),
                403);
        assertEquals(
                before,
                as(tenant).get("/api/keys").<List<?>>path("data").size(),
                "a refused request made no key");

        Response same =
                as(narrow)
                        .contentType("application/json")
                        .body("{\"name\": \"same\", \"scopes\": [\"meetings:read\"]}")
                        .post("/api/keys");
        assertEquals(201, same.statusCode(), "a key may hand on what it holds");
    }

    @Test
    void aRevokedKeyIsRefusedFromTheNextRequestOn() {
        Response created =
                as(tenant)
                        .contentType("application/json")
                        .body("{\"name\": \"temporary\", \"scopes\": [\"meetings:read\"]}")
                        .post("/api/keys");
        String id = created.path("id");
        String secret = created.path("secret");
        assertEquals(200, as(secret).get("/api/meetings").statusCode(), "works before revocation");

        assertEquals(204, as(tenant).delete("/api/keys/" + id).statusCode(), "revoke");

        Response refused = as(secret).get("/api/meetings");
        assertProblem(refused, 401);
        assertTrue(
                refused.header("WWW-Authenticate").startsWith("Bearer"),
                "a 401 challenges for a bearer credential");
        Map<String, Object> listed =
                as(tenant).get("/api/keys").<List<Map<String, Object>>>path("data").stream()
                        .filter(k -> id.equals(k.get("id")))
                        .findFirst()
                        .orElseThrow();
        assertNotNull(listed.get("revoked_at"), "the list says when the key was revoked");
        assertEquals(204, as(tenant).delete("/api/keys/" + id).statusCode(), "revoking twice");
        assertEquals(200, as(tenant).get("/api/meetings").statusCode(), "other keys still work");
    }

    /**
     * A server remembers keys it checked a moment ago; a key revoked through another server (here:
     * straight in the database, as that server's transaction leaves it) must stop working on this
     * one within a fraction of a second all the same.
     */
    @Test
    void aKeyRevokedThroughAnotherServerIsRefusedHereWithinASecond() throws Exception {
        String secret = newKey(tenant, "meetings:read");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, as(secret).get("/api/me").statusCode(), "the key works");
        }
        String id = as(secret).get("/api/me").path("credential_id");

        try (Connection db = Database.connect();
                PreparedStatement revoke =
                        db.prepareStatement("update api_keys set revoked_at = now() where id = ?");
                Statement generation = db.createStatement()) {
            revoke.setString(1, id);
            assertEquals(1, revoke.executeUpdate());
            generation.executeUpdate(
                    "update credential_generation set value = value + 1 where id = 1");
        }

        long deadline = System.nanoTime() + 1_000_000_000L;
        int status;
        do {
            status = as(secret).get("/api/me").statusCode();
        } while (status != 401 && System.nanoTime() < deadline);
        assertEquals(401, status, "the revoked key is refused within a second");
    }

    @Test
    void aKeyCanRevokeItself() {
        Response created =
                as(tenant)
                        .contentType("application/json")
                        .body("{\"name\": \"self\", \"scopes\": [\"keys:admin\"]}")
                        .post("/api/keys");
        String secret = created.path("secret");
        assertEquals(204, as(secret).delete("/api/keys/" + created.path("id")).statusCode());
        assertProblem(as(secret).get("/api/keys"), 401);
    }

    @Test
    void keysArePaged() {
        newKey(tenant, "meetings:read");
        newKey(tenant, "meetings:read");
        Response first = as(tenant).get("/api/keys?limit=2");
        String next = ListPages.nextLink(first);
        assertNotNull(next, "three keys do not fit a page of two");
        Response second = as(tenant).get(next);
        assertEquals(1, second.<List<?>>path("data").size());
        assertNull(ListPages.nextLink(second));
    }

    @Test
    void refusesInvalidKeyRequests() {
        assertFieldError(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"name\": \"x\", \"scopes\": [\"meetings:everything\"]}")
                        .post("/api/keys"),
                "scopes");
        assertFieldError(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"name\": \"x\", \"scopes\": []}")
                        .post("/api/keys"),
                "scopes");
        assertFieldError(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"scopes\": [\"meetings:read\"]}")
                        .post("/api/keys"),
                "name");
        assertProblem(as(tenant).delete("/api/keys/key_doesNotExist"), 404);
        assertProblem(anonymous().get("/api/keys"), 401);
    }
}

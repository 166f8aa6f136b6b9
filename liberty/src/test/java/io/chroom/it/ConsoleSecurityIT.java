package io.chroom.it;

import static io.chroom.it.Api.anonymous;
import static io.chroom.it.Api.as;
import static io.chroom.it.Api.asAdmin;
import static io.chroom.it.Api.bootstrapConsoleUser;
import static io.chroom.it.Api.createMeeting;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.Api.newConsoleUser;
import static io.chroom.it.ProblemAssert.assertFieldError;
import static io.chroom.it.ProblemAssert.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.ConsoleUser;
import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The console's sign-in and sessions from outside: pages need a session, the API takes a session
 * only with its CSRF token on changes, a viewer changes nothing, a user of one account sees nothing
 * of another, sessions are kept only as digests and end when idle or old, a password changes only
 * with the current one, and repeated failures lock sign-in.
 */
class ConsoleSecurityIT {

    private static final String SESSION_COOKIE = "chroom_console";

    /** A signed-in console session: its cookie and its CSRF token. */
    record Session(String cookie, String csrfToken) {

        RequestSpecification read() {
            return anonymous().cookie(SESSION_COOKIE, cookie);
        }

        RequestSpecification write() {
            return read().header("X-CSRF-Token", csrfToken).contentType("application/json");
        }
    }

    static Session signIn(ConsoleUser user) {
        Response signedIn = postSignIn(user.email(), user.password());
        assertEquals(302, signedIn.statusCode(), "a good sign-in is sent on to the console");
        assertTrue(
                signedIn.header("Location").endsWith("/console/"),
                () -> "sent on to " + signedIn.header("Location"));
        String cookie = signedIn.cookie(SESSION_COOKIE);
        assertNotNull(cookie, "a sign-in starts a session");
        Response session = anonymous().cookie(SESSION_COOKIE, cookie).get("/console/session");
        assertEquals(200, session.statusCode(), session::asString);
        return new Session(cookie, session.path("csrf_token"));
    }

    private static Response postSignIn(String email, String password) {
        return anonymous()
                .contentType("application/x-www-form-urlencoded")
                .formParam("email", email)
                .formParam("password", password)
                .post("/console/login");
    }

    @Test
    void consolePagesWithoutASessionSendPeopleToTheSignInPage() {
        for (String path : List.of("/console/", "/console/index.html", "/console/keys")) {
            Response page = anonymous().get(path);
            assertEquals(302, page.statusCode(), path + " without a session");
            assertTrue(
                    page.header("Location").endsWith("/console/login.html"),
                    () -> path + " sent to " + page.header("Location"));
        }
        anonymous().get("/console/session").then().statusCode(401);
        anonymous().post("/console/logout").then().statusCode(302);
        anonymous().get("/console/login.html").then().statusCode(200);
        anonymous().get("/console/assets/app.js").then().statusCode(200);
        anonymous()
                .get("/console/")
                .then()
                .header("Content-Security-Policy", containsString("script-src 'self'"));
    }

    @Test
    void theBootstrapUserSignsInAndTheSessionCookieIsSecureHttpOnlyAndSameSiteStrict() {
        ConsoleUser admin = bootstrapConsoleUser();
        Response signedIn = postSignIn(admin.email(), admin.password());
        String setCookie = signedIn.header("Set-Cookie");
        assertNotNull(setCookie, "the sign-in sets the session cookie");
        for (String flag : List.of("Secure", "HttpOnly", "SameSite=Strict")) {
            assertTrue(
                    setCookie.contains(flag), () -> "Set-Cookie lacks " + flag + ": " + setCookie);
        }

        Session session = signIn(admin);
        Response me = session.read().get("/api/me");
        assertEquals(200, me.statusCode(), me::asString);
        assertEquals("console_user", me.path("credential_type"));
        assertEquals(admin.email(), me.path("console_user.email"));
        assertEquals("owner", me.path("console_user.role"));
        assertEquals(true, me.path("account.network_admin"));
        List<String> scopes = me.path("scopes");
        assertTrue(
                scopes.containsAll(List.of("accounts:admin", "nodes:admin", "keys:admin")),
                () -> "a network operator holds the network's scopes: " + scopes);
        assertNotNull(me.header("X-RateLimit-Limit"), "the session's requests are rate limited");
    }

    @Test
    void aWrongPasswordOrUnknownAddressStartsNoSessionAndIsAudited() {
        Tenant tenant = newAccount();
        ConsoleUser user = newConsoleUser(tenant, "admin");

        Response wrong = postSignIn(user.email(), user.password() + "x");
        assertEquals(302, wrong.statusCode());
        assertTrue(wrong.header("Location").endsWith("/console/login.html?failed"));
        assertEquals(null, wrong.cookie(SESSION_COOKIE), "a failed sign-in starts no session");
        Response unknown = postSignIn("nobody-" + user.email(), user.password());
        assertTrue(unknown.header("Location").endsWith("/console/login.html?failed"));

        List<Map<String, Object>> failures =
                asAdmin()
                        .get("/api/audit?type=console.sign_in_failed&limit=50")
                        .jsonPath()
                        .getList("data");
        assertTrue(
                failures.stream().anyMatch(e -> user.id().equals(e.get("target_id"))),
                "the failed sign-in of a known user is in the audit trail");

        signIn(user);
        List<Map<String, Object>> signIns =
                asAdmin()
                        .get("/api/audit?type=console.signed_in&account_id=" + tenant.accountId())
                        .jsonPath()
                        .getList("data");
        assertEquals(1, signIns.size(), "the sign-in is audited once");
    }

    @Test
    void aSignInFromAnotherSiteIsRefused() {
        ConsoleUser admin = bootstrapConsoleUser();
        anonymous()
                .header("Origin", "https://evil.example")
                .contentType("application/x-www-form-urlencoded")
                .formParam("email", admin.email())
                .formParam("password", admin.password())
                .post("/console/login")
                .then()
                .statusCode(403);
    }

    @Test
    void aSignInReplacesASessionTheBrowserAlreadyHad() {
        ConsoleUser admin = bootstrapConsoleUser();
        Session first = signIn(admin);
        Response again =
                anonymous()
                        .cookie(SESSION_COOKIE, first.cookie())
                        .contentType("application/x-www-form-urlencoded")
                        .formParam("email", admin.email())
                        .formParam("password", admin.password())
                        .post("/console/login");
        String second = again.cookie(SESSION_COOKIE);
        assertNotNull(second);
        assertNotEquals(first.cookie(), second, "a sign-in never keeps a session id it was given");
        first.read().get("/api/me").then().statusCode(401);
    }

    @Test
    void changesThroughTheSessionNeedItsCsrfToken() {
        Tenant tenant = newAccount();
        Session session = signIn(newConsoleUser(tenant, "admin"));
        String body = "{\"name\": \"from the console\", \"scopes\": [\"meetings:read\"]}";

        Response missing =
                session.read().contentType("application/json").body(body).post("/api/keys");
        assertEquals(403, missing.statusCode(), missing::asString);
        assertTrue(
                missing.contentType().startsWith("application/problem+json"), missing::contentType);
        Response wrong =
                session.read()
                        .header("X-CSRF-Token", session.csrfToken() + "x")
                        .contentType("application/json")
                        .body(body)
                        .post("/api/keys");
        assertEquals(403, wrong.statusCode(), wrong::asString);
        Response other =
                session.read()
                        .header("X-CSRF-Token", signIn(bootstrapConsoleUser()).csrfToken())
                        .contentType("application/json")
                        .body(body)
                        .post("/api/keys");
        assertEquals(403, other.statusCode(), "another session's token is no token");
        as(tenant)
                .get("/api/keys?limit=200")
                .then()
                .body("data.name", not(hasItem("from the console")));

        Response made = session.write().body(body).post("/api/keys");
        assertEquals(201, made.statusCode(), made::asString);
        as(made.<String>path("secret")).get("/api/me").then().statusCode(200);
    }

    @Test
    void aViewerReadsButCannotChangeAnything() {
        Tenant tenant = newAccount();
        String meeting = createMeeting(tenant);
        String keyId = tenant.keyId();
        Session viewer = signIn(newConsoleUser(tenant, "viewer"));

        viewer.read().get("/api/meetings/" + meeting).then().statusCode(200);
        viewer.read().get("/api/nodes").then().statusCode(200);
        List<String> scopes = viewer.read().get("/api/me").path("scopes");
        assertEquals(
                List.of("analytics:read", "meetings:read", "nodes:read", "tokens:read"), scopes);

        String meetingBody = Api.meeting("Viewer's meeting", "u-1", 30);
        Map<String, Response> attempts =
                Map.of(
                        "create a meeting",
                        viewer.write().body(meetingBody).post("/api/meetings"),
                        "start a meeting",
                        viewer.write().post("/api/meetings/" + meeting + "/start"),
                        "cancel a meeting",
                        viewer.write().delete("/api/meetings/" + meeting),
                        "create a key",
                        viewer.write()
                                .body("{\"name\": \"x\", \"scopes\": [\"meetings:read\"]}")
                                .post("/api/keys"),
                        "revoke a key",
                        viewer.write().delete("/api/keys/" + keyId),
                        "add a console user",
                        viewer.write()
                                .body(
                                        "{\"email\": \"v@it.example\", \"role\": \"owner\","
                                                + " \"password\": \"long enough password\"}")
                                .post("/api/users"),
                        "subscribe a webhook",
                        viewer.write()
                                .body(
                                        "{\"url\": \"https://hooks.example.com/x\","
                                                + " \"event_types\": [\"meeting.started\"]}")
                                .post("/api/webhooks"));
        attempts.forEach(
                (what, answer) ->
                        assertEquals(
                                403,
                                answer.statusCode(),
                                () -> "a viewer may not " + what + ": " + answer.asString()));
        as(tenant).get("/api/meetings/" + meeting).then().body("status", endsWith("created"));
        as(tenant).get("/api/me").then().statusCode(200);
    }

    @Test
    void aUserOfOneAccountSeesNothingOfAnother() {
        Tenant mine = newAccount();
        Tenant theirs = newAccount();
        String theirMeeting = createMeeting(theirs);
        Session session = signIn(newConsoleUser(mine, "owner"));

        session.read().get("/api/meetings/" + theirMeeting).then().statusCode(404);
        session.read()
                .get("/api/meetings?limit=200")
                .then()
                .statusCode(200)
                .body("data.meeting_id", not(hasItem(theirMeeting)));
        session.read()
                .get("/api/keys?limit=200")
                .then()
                .body("data.id", not(hasItem(theirs.keyId())));
        session.write().delete("/api/keys/" + theirs.keyId()).then().statusCode(404);
        as(theirs).get("/api/me").then().statusCode(200);
        session.read().get("/api/audit").then().statusCode(403);
        session.read().get("/api/accounts").then().statusCode(403);
        session.write()
                .body("{\"tier\": \"premium\"}")
                .patch("/api/accounts/" + theirs.accountId())
                .then()
                .statusCode(403);
    }

    @Test
    void signingOutEndsTheSessionAndARemovedUserIsSignedOutAtOnce() {
        Tenant tenant = newAccount();
        ConsoleUser user = newConsoleUser(tenant, "admin");
        Session session = signIn(user);

        session.read().post("/console/logout").then().statusCode(403);
        Response out =
                session.read()
                        .contentType("application/x-www-form-urlencoded")
                        .formParam("csrf_token", session.csrfToken())
                        .post("/console/logout");
        assertEquals(302, out.statusCode(), out::asString);
        session.read().get("/api/me").then().statusCode(401);
        assertEquals(302, session.read().get("/console/").statusCode());

        Session again = signIn(user);
        again.read().get("/api/me").then().statusCode(200);
        as(tenant).delete("/api/users/" + user.id()).then().statusCode(204);
        again.read().get("/api/me").then().statusCode(401);
        assertEquals(302, postSignIn(user.email(), user.password()).statusCode());
        assertTrue(
                postSignIn(user.email(), user.password()).header("Location").endsWith("?failed"),
                "a removed user cannot sign in");
    }

    @Test
    void theSessionIsKeptOnlyAsADigestAndTheContainerKeepsNoSessionOfItsOwn() throws Exception {
        Tenant tenant = newAccount();
        ConsoleUser user = newConsoleUser(tenant, "admin");
        Response signedIn = postSignIn(user.email(), user.password());
        assertNull(signedIn.cookie("JSESSIONID"), "the console uses no container session");
        String cookie = signedIn.cookie(SESSION_COOKIE);
        assertNotNull(cookie);

        try (Connection db = Database.connect();
                PreparedStatement rows =
                        db.prepareStatement(
                                "select id_hash, source_address from console_sessions"
                                        + " where user_id = ?")) {
            rows.setString(1, user.id());
            ResultSet row = rows.executeQuery();
            assertTrue(row.next(), "the session is in the database, for every server");
            assertArrayEquals(
                    sha256(cookie), row.getBytes(1), "the table holds the secret's SHA-256");
            String source = row.getString(2);
            assertTrue(
                    "127.0.0.1".equals(source) || "0:0:0:0:0:0:0:1".equals(source),
                    () -> "the session names the loopback address it came from: " + source);
            assertFalse(row.next(), "one sign-in, one session");
        }
        Response session = anonymous().cookie(SESSION_COOKIE, cookie).get("/console/session");
        assertNotEquals(cookie, session.path("csrf_token"), "the CSRF token is not the secret");
        assertEquals(
                session.<String>path("csrf_token"),
                anonymous()
                        .cookie(SESSION_COOKIE, cookie)
                        .get("/console/session")
                        .path("csrf_token"),
                "the token is the session's, the same on every read");
        anonymous().cookie(SESSION_COOKIE, cookie + "x").get("/api/me").then().statusCode(401);
    }

    @Test
    void anIdleSessionEndsAndSoDoesOneThatOutlivedItsLifetime() throws Exception {
        Tenant tenant = newAccount();
        ConsoleUser user = newConsoleUser(tenant, "admin");

        Session busy = signIn(user);
        setSession(busy, "last_seen_at = now() - interval '2 minutes'");
        busy.read().get("/api/me").then().statusCode(200);
        assertTrue(
                secondsSinceLastSeen(busy) < 30,
                "a used session records its use once its last record is a minute old");

        Session idle = signIn(user);
        setSession(idle, "last_seen_at = now() - interval '31 minutes'");
        Response me = idle.read().get("/api/me");
        assertEquals(401, me.statusCode(), "30 idle minutes end a session");
        assertTrue(
                me.header("Set-Cookie").contains(SESSION_COOKIE + "=;")
                        || me.header("Set-Cookie").contains("Max-Age=0"),
                () -> "the browser is told to drop the cookie: " + me.header("Set-Cookie"));
        assertEquals(302, idle.read().get("/console/").statusCode());

        Session old = signIn(user);
        setSession(old, "expires_at = now() - interval '1 second'");
        assertEquals(401, old.read().get("/api/me").statusCode(), "a session's life is bounded");
        busy.read().get("/api/me").then().statusCode(200);
    }

    @Test
    void aPersonChangesTheirPasswordOnlyWithTheCurrentOne() {
        Tenant tenant = newAccount();
        ConsoleUser user = newConsoleUser(tenant, "viewer");
        Session session = signIn(user);
        Session elsewhere = signIn(user);
        String next = "new-" + UUID.randomUUID();

        assertProblem(
                as(tenant)
                        .contentType("application/json")
                        .body(passwords(user.password(), next))
                        .post("/api/me/password"),
                409);
        Response withoutToken =
                session.read()
                        .contentType("application/json")
                        .body(passwords(user.password(), next))
                        .post("/api/me/password");
        assertEquals(403, withoutToken.statusCode(), "a change needs the CSRF token");
        assertFieldError(
                session.write()
                        .body(passwords(user.password() + "x", next))
                        .post("/api/me/password"),
                "current_password");
        assertFieldError(
                session.write().body(passwords(user.password(), "short")).post("/api/me/password"),
                "new_password");
        assertFieldError(
                session.write()
                        .body(passwords(user.password(), user.password()))
                        .post("/api/me/password"),
                "new_password");
        elsewhere.read().get("/api/me").then().statusCode(200);

        Response changed =
                session.write().body(passwords(user.password(), next)).post("/api/me/password");
        assertEquals(204, changed.statusCode(), changed::asString);
        session.read().get("/api/me").then().statusCode(200);
        assertEquals(
                401,
                elsewhere.read().get("/api/me").statusCode(),
                "the person's other sessions end with the change");
        assertTrue(
                postSignIn(user.email(), user.password()).header("Location").endsWith("?failed"),
                "the old password no longer signs in");
        signIn(new ConsoleUser(user.id(), user.email(), next));

        List<Map<String, Object>> changes =
                asAdmin()
                        .get(
                                "/api/audit?type=console_user.password_changed&account_id="
                                        + tenant.accountId())
                        .jsonPath()
                        .getList("data");
        assertEquals(1, changes.size(), "the change is audited once");
        assertEquals(user.id(), changes.get(0).get("target_id"));
        assertFalse(
                changes.toString().contains(next) || changes.toString().contains(user.password()),
                "no password reaches the audit trail");
    }

    @Test
    void repeatedFailuresLockAnEmailAddressFromEveryClientAddress() {
        Tenant tenant = newAccount();
        ConsoleUser user = newConsoleUser(tenant, "admin");
        ConsoleUser colleague = newConsoleUser(tenant, "viewer");
        Session open = signIn(user);

        // CHROOM_CONSOLE_LOCKOUT_FAILURES is 5: four failures warn nothing, the fifth locks.
        String address = null;
        for (int i = 1; i <= 5; i++) {
            address = Loopback.randomAddress();
            Loopback.Answer failed = Loopback.signIn(address, user.email(), "wrong " + i);
            assertEquals(302, failed.status());
            String location = failed.header("Location");
            if (i < 5) {
                assertTrue(location.endsWith("?failed"), () -> "failure " + location);
            } else {
                assertTrue(location.contains("?locked=15"), () -> "the fifth locks: " + location);
            }
        }
        Loopback.Answer right =
                Loopback.signIn(Loopback.randomAddress(), user.email(), user.password());
        assertTrue(
                right.header("Location").contains("?locked="),
                "while locked, even the right password from a fresh address is refused");
        assertNotNull(right.header("Retry-After"));
        assertTrue(
                right.header("Set-Cookie") == null
                        || !right.header("Set-Cookie").contains(SESSION_COOKIE + "="),
                "a locked sign-in opens no session");
        assertTrue(
                Loopback.signIn(address, colleague.email(), colleague.password())
                        .header("Location")
                        .endsWith("/console/"),
                "another person signs in from the same address");
        assertProblem(
                open.write()
                        .body(passwords(user.password(), "new-" + UUID.randomUUID()))
                        .post("/api/me/password"),
                429);

        List<Map<String, Object>> locks =
                asAdmin()
                        .get(
                                "/api/audit?type=console.sign_in_locked&account_id="
                                        + tenant.accountId())
                        .jsonPath()
                        .getList("data");
        assertEquals(1, locks.size(), "the lock is audited once: " + locks);
        assertEquals(user.id(), locks.get(0).get("target_id"));

        String nobody = "nobody-" + UUID.randomUUID() + "@it.example";
        for (int i = 1; i <= 5; i++) {
            Loopback.signIn(Loopback.randomAddress(), nobody, "wrong");
        }
        assertTrue(
                Loopback.signIn(Loopback.randomAddress(), nobody, "wrong")
                        .header("Location")
                        .contains("?locked="),
                "an unknown address locks the same way, so a lock tells nothing");
    }

    @Test
    void repeatedFailuresFromOneClientAddressLockThatAddress() {
        Tenant tenant = newAccount();
        ConsoleUser user = newConsoleUser(tenant, "admin");
        String address = Loopback.randomAddress();

        // CHROOM_CONSOLE_LOCKOUT_ADDRESS_FAILURES is 20, each try at another address.
        for (int i = 1; i <= 20; i++) {
            Loopback.Answer failed =
                    Loopback.signIn(address, "guess-" + UUID.randomUUID() + "@it.example", "x");
            String location = failed.header("Location");
            if (i < 20) {
                assertTrue(location.endsWith("?failed"), () -> "failure: " + location);
            } else {
                assertTrue(location.contains("?locked="), () -> "the 20th locks: " + location);
            }
        }
        assertTrue(
                Loopback.signIn(address, user.email(), user.password())
                        .header("Location")
                        .contains("?locked="),
                "the address is locked for every email address");
        assertTrue(
                Loopback.signIn(Loopback.randomAddress(), user.email(), user.password())
                        .header("Location")
                        .endsWith("/console/"),
                "the person signs in from elsewhere");
    }

    private static String passwords(String current, String next) {
        return "{\"current_password\": "
                + Api.json(current)
                + ", \"new_password\": "
                + Api.json(next)
                + "}";
    }

    private static void setSession(Session session, String assignment) throws Exception {
        try (Connection db = Database.connect();
                PreparedStatement update =
                        db.prepareStatement(
                                "update console_sessions set "
                                        + assignment
                                        + " where id_hash = ?")) {
            update.setBytes(1, sha256(session.cookie()));
            assertEquals(1, update.executeUpdate(), "the session is in the database");
        }
    }

    private static double secondsSinceLastSeen(Session session) throws Exception {
        try (Connection db = Database.connect();
                PreparedStatement query =
                        db.prepareStatement(
                                "select extract(epoch from now() - last_seen_at)"
                                        + " from console_sessions where id_hash = ?")) {
            query.setBytes(1, sha256(session.cookie()));
            ResultSet row = query.executeQuery();
            assertTrue(row.next());
            return row.getDouble(1);
        }
    }

    private static byte[] sha256(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.US_ASCII));
    }
}

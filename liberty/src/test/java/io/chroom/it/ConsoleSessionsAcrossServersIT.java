package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.Api.newConsoleUser;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.ConsoleUser;
import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one database, as behind a balancer without sticky sessions: a console session
 * opened on one is good on the other, its CSRF token too, signing out on one ends it on both, and a
 * sign-in lock made on one holds on the other.
 */
class ConsoleSessionsAcrossServersIT {

    private static final String COOKIE = "chroom_console";

    private static SecondServer second;

    @BeforeAll
    static void startSecondServer() throws Exception {
        second = SecondServer.start();
    }

    @AfterAll
    static void stopSecondServer() throws Exception {
        if (second != null) {
            second.close();
        }
    }

    private static RequestSpecification on(String url) {
        return given().baseUri(url).redirects().follow(false);
    }

    @Test
    void aSessionOpenedOnOneServerWorksOnTheOtherUntilSignedOutOnEither() {
        Tenant tenant = newAccount();
        ConsoleUser user = newConsoleUser(tenant, "admin");

        Response signedIn =
                on(Api.URL)
                        .contentType("application/x-www-form-urlencoded")
                        .formParam("email", user.email())
                        .formParam("password", user.password())
                        .post("/console/login");
        assertEquals(302, signedIn.statusCode(), signedIn::asString);
        String cookie = signedIn.cookie(COOKIE);
        assertNotNull(cookie, "the first server opened a session");
        String token =
                on(Api.URL).cookie(COOKIE, cookie).get("/console/session").path("csrf_token");

        Response me = on(second.url).cookie(COOKIE, cookie).get("/api/me");
        assertEquals(
                200,
                me.statusCode(),
                () -> "the second server knows the session: " + me.asString());
        assertEquals(user.email(), me.path("console_user.email"));
        assertEquals(
                token,
                on(second.url).cookie(COOKIE, cookie).get("/console/session").path("csrf_token"),
                "both servers derive the same CSRF token");
        assertEquals(200, on(second.url).cookie(COOKIE, cookie).get("/console/").statusCode());

        String key = "{\"name\": \"made on the second server\", \"scopes\": [\"meetings:read\"]}";
        assertEquals(
                403,
                on(second.url)
                        .cookie(COOKIE, cookie)
                        .contentType("application/json")
                        .body(key)
                        .post("/api/keys")
                        .statusCode(),
                "the second server wants the CSRF token too");
        Response made =
                on(second.url)
                        .cookie(COOKIE, cookie)
                        .header("X-CSRF-Token", token)
                        .contentType("application/json")
                        .body(key)
                        .post("/api/keys");
        assertEquals(201, made.statusCode(), made::asString);
        as(made.<String>path("secret")).get("/api/me").then().statusCode(200);

        Response out =
                on(second.url)
                        .cookie(COOKIE, cookie)
                        .contentType("application/x-www-form-urlencoded")
                        .formParam("csrf_token", token)
                        .post("/console/logout");
        assertEquals(302, out.statusCode(), out::asString);
        assertEquals(
                401,
                on(Api.URL).cookie(COOKIE, cookie).get("/api/me").statusCode(),
                "signing out on the second server ends the session on the first at once");
    }

    @Test
    void aLockMadeOnOneServerHoldsOnTheOther() {
        Tenant tenant = newAccount();
        ConsoleUser user = newConsoleUser(tenant, "admin");
        for (int i = 1; i <= 5; i++) {
            Loopback.signIn(Api.URL, Loopback.randomAddress(), user.email(), "wrong " + i);
        }
        Loopback.Answer locked =
                Loopback.signIn(
                        second.url, Loopback.randomAddress(), user.email(), user.password());
        assertEquals(302, locked.status());
        assertTrue(
                locked.header("Location").contains("?locked="),
                () -> "the second server refuses the locked address: " + locked.header("Location"));
    }
}

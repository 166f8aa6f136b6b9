package io.chroom.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The running server as the tests see it: its address, its bootstrap key, and short ways to open a
 * fresh account, make keys and book meetings. Every test opens its own account, so tests share no
 * data and run in any order.
 */
final class Api {

    static final String URL = System.getProperty("chroom.url", "http://localhost:19080");

    static final String BOOTSTRAP_KEY = System.getProperty("chroom.bootstrap.key");

    /** Sends {@code application/json} exactly, without a charset parameter appended. */
    private static final RestAssuredConfig CONFIG =
            RestAssuredConfig.config()
                    .encoderConfig(
                            EncoderConfig.encoderConfig()
                                    .appendDefaultContentCharsetToContentTypeIfUndefined(false));

    /** An account opened for one test, with the secret of its first key. */
    record Tenant(String accountId, String keyId, String secret) {}

    private Api() {}

    /** A request with no credential. */
    static RequestSpecification anonymous() {
        return given().config(CONFIG).baseUri(URL).redirects().follow(false);
    }

    /** A request authenticated with {@code secret}. */
    static RequestSpecification as(String secret) {
        return anonymous().header("Authorization", "Bearer " + secret);
    }

    static RequestSpecification as(Tenant tenant) {
        return as(tenant.secret());
    }

    static RequestSpecification asAdmin() {
        assertNotNull(BOOTSTRAP_KEY, "the system property chroom.bootstrap.key must be set");
        return as(BOOTSTRAP_KEY);
    }

    /**
     * Opens a fresh standard account; its first key holds every customer scope. Its rate limit is
     * raised far above the tier's, since a test makes many requests in a minute; RateLimitIT opens
     * accounts with the real limits itself.
     */
    static Tenant newAccount() {
        return openAccount(", \"rate_limit_per_minute\": 1000000");
    }

    /** Opens a fresh standard account that keeps its tier's rate limit. */
    static Tenant newAccountAtTierLimit() {
        return openAccount("");
    }

    private static Tenant openAccount(String moreFields) {
        Response created =
                asAdmin()
                        .contentType("application/json")
                        .body("{\"name\": " + json("it-" + UUID.randomUUID()) + moreFields + "}")
                        .post("/api/accounts");
        assertEquals(201, created.statusCode(), () -> "opening an account: " + created.asString());
        return new Tenant(
                created.path("id"), created.path("first_key.id"), created.path("first_key.secret"));
    }

    /** Makes a key of {@code tenant} that holds exactly {@code scopes}; answers its secret. */
    static String newKey(Tenant tenant, String... scopes) {
        Response created =
                as(tenant)
                        .contentType("application/json")
                        .body(
                                "{\"name\": \"narrow\", \"scopes\": "
                                        + jsonArray(Arrays.asList(scopes))
                                        + "}")
                        .post("/api/keys");
        assertEquals(201, created.statusCode(), () -> "making a key: " + created.asString());
        return created.path("secret");
    }

    /** A person who signs in to the console. */
    record ConsoleUser(String id, String email, String password) {}

    /** The network administrators' first console user, made at the server's first start. */
    static ConsoleUser bootstrapConsoleUser() {
        return new ConsoleUser(
                null,
                System.getProperty("chroom.console.email", "admin@chroom.local"),
                System.getProperty("chroom.console.password"));
    }

    /** Adds a console user of {@code role} to {@code tenant}'s account. */
    static ConsoleUser newConsoleUser(Tenant tenant, String role) {
        String email = role + "-" + UUID.randomUUID() + "@it.example";
        String password = "pw-" + UUID.randomUUID();
        Response created =
                as(tenant)
                        .contentType("application/json")
                        .body(
                                "{\"email\": "
                                        + json(email)
                                        + ", \"role\": "
                                        + json(role)
                                        + ", \"password\": "
                                        + json(password)
                                        + "}")
                        .post("/api/users");
        assertEquals(
                201, created.statusCode(), () -> "adding a console user: " + created.asString());
        return new ConsoleUser(created.path("id"), email, password);
    }

    /** The body of a meeting request with the fields every meeting needs. */
    static String meeting(String title, String host, int duration, String... participants) {
        return "{\"title\": "
                + json(title)
                + ", \"host\": "
                + json(host)
                + ", \"participants\": "
                + jsonArray(Arrays.asList(participants))
                + ", \"duration\": "
                + duration
                + "}";
    }

    /** Books a meeting through {@code POST /api/meetings} and answers its id. */
    static String createMeeting(Tenant tenant, String body) {
        Response created =
                as(tenant).contentType("application/json").body(body).post("/api/meetings");
        assertEquals(201, created.statusCode(), () -> "booking a meeting: " + created.asString());
        return created.path("meeting_id");
    }

    static String createMeeting(Tenant tenant) {
        return createMeeting(tenant, meeting("Weekly sync", "u-42", 30, "u-7", "u-9"));
    }

    /** A JSON string literal. */
    static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String jsonArray(List<String> values) {
        return values.stream().map(Api::json).collect(Collectors.joining(", ", "[", "]"));
    }
}

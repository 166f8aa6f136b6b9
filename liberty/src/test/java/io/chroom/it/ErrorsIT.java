package io.chroom.it;

import static io.chroom.it.Api.anonymous;
import static io.chroom.it.Api.as;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.ProblemAssert.assertFieldError;
import static io.chroom.it.ProblemAssert.assertNothingInternal;
import static io.chroom.it.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every class of error the API answers: each one an RFC 9457 problem, none with a stack trace or a
 * Java class name, and none changing anything.
 */
class ErrorsIT {

    private static final int LIMIT = 256 * 1024;

    private final Tenant tenant = newAccount();

    @Test
    void malformedJsonIs400() {
        assertFieldError(post("{\"title\": \"Weekly"), "body");
        assertFieldError(post("{\"title\": \"T\",}"), "body");
        assertFieldError(post(""), "body");
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        assertFieldError(post("[1, 2]"), "body");
        assertFieldError(post("\"meeting\""), "body");
        assertFieldError(post("null"), "body");
    }

    @Test
    void unknownFieldsAre400() {
        Response refused =
                post("{\"title\": \"T\", \"host\": \"h\", \"duration\": 5, \"colour\": \"red\"}");
        assertFieldError(refused, "colour");
        assertNoMeetings();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "duration | \"five\"",
                "duration | \"30\"",
                "duration | 30.5",
                "duration | true",
                "duration | 99999999999",
                "title | 42",
                "title | [\"T\"]",
                "host | {\"id\": \"h\"}",
                "e2ee | \"yes\"",
                "e2ee | 1",
                "participants | \"u-7\"",
                "participants | [7]",
                "scheduled_start | \"tomorrow\"",
                "scheduled_start | 1765000000",
            })
    void valuesOfTheWrongTypeAre400(String field, String value) {
        String body =
                "{\"title\": \"T\", \"host\": \"h\", \"duration\": 5, \""
                        + field
                        + "\": "
                        + value
                        + "}";
        Response refused = post(body);
        assertFieldError(refused, field);
        assertNoMeetings();
    }

    @Test
    void aBodyOfAnotherMediaTypeIs415() {
        Response refused =
                as(tenant)
                        .contentType("text/plain")
                        .body(Api.meeting("T", "h", 5))
                        .post("/api/meetings/create");
        assertProblem(refused, 415);
        Response form =
                as(tenant)
                        .contentType("application/x-www-form-urlencoded")
                        .body("title=T")
                        .post("/api/meetings");
        assertProblem(form, 415);
        assertNoMeetings();
    }

    @Test
    void aBodyOverTheLimitIs413WithContentLength() throws Exception {
        HttpResponse<String> refused =
                send(BodyPublishers.ofString(oversized()), "/api/meetings/create");
        assertEquals(413, refused.statusCode(), () -> "413 with Content-Length: " + refused.body());
        assertProblemBody(refused, 413);
        assertNoMeetings();
    }

    @Test
    void aBodyOverTheLimitIs413WhenChunked() throws Exception {
        byte[] bytes = oversized().getBytes(StandardCharsets.UTF_8);
        // A stream of unknown length is sent with Transfer-Encoding: chunked.
        HttpResponse<String> refused =
                send(
                        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)),
                        "/api/meetings/create");
        assertEquals(413, refused.statusCode(), () -> "413 when chunked: " + refused.body());
        assertProblemBody(refused, 413);
        assertNoMeetings();
    }

    @Test
    void theLargestMeetingTheContractAllowsFitsUnderTheLimit() {
        List<String> ids =
                IntStream.range(0, 1000).mapToObj(i -> String.format("%0200d", i)).toList();
        String body =
                "{\"title\": \""
                        + "T".repeat(200)
                        + "\", \"host\": \"h\", \"duration\": 5,"
                        + " \"participants\": "
                        + Api.jsonArray(ids)
                        + "}";
        assertTrue(body.length() > 200_000, "a body near the limit");
        Response created = post(body);
        assertEquals(201, created.statusCode(), () -> "created: " + created.asString());
    }

    @Test
    void anUnknownPathIs404() {
        assertProblem(as(tenant).get("/api/nothing-here"), 404);
        assertProblem(anonymous().get("/nothing-here"), 404);
    }

    @Test
    void anUnsupportedMethodIs405WithAllow() {
        Response refused =
                as(tenant).contentType("application/json").body("{}").put("/api/meetings");
        assertProblem(refused, 405);
        String allow = refused.header("Allow");
        assertTrue(
                allow != null && allow.contains("GET") && allow.contains("POST"),
                () -> "405 lists the methods the path accepts: " + allow);
        assertProblem(as(tenant).delete("/api/keys"), 405);
    }

    @Test
    void noCredentialIs401WithAChallenge() {
        Response refused = anonymous().get("/api/meetings");
        assertProblem(refused, 401);
        assertEquals(
                "Bearer realm=\"chroom\"",
                refused.header("WWW-Authenticate"),
                "a request without a credential is challenged without an error code");
        assertProblem(anonymous().get("/api/nothing-here"), 401);
        assertProblem(
                anonymous()
                        .contentType("application/json")
                        .body(Api.meeting("T", "h", 5))
                        .post("/api/meetings/create"),
                401);
    }

    @Test
    void aBadCredentialIs401WithInvalidToken() {
        for (String authorization :
                List.of(
                        "Bearer chr_unknownKeyWithEnoughCharactersToLookReal000000",
                        "Bearer not-a-key",
                        "Bearer ",
                        "Bearer",
                        "bearer chr_x",
                        "Token abc",
                        "Basic dXNlcjpwYXNzd29yZA==")) {
            Response refused =
                    anonymous().header("Authorization", authorization).get("/api/meetings");
            assertProblem(refused, 401);
            String challenge = refused.header("WWW-Authenticate");
            assertTrue(
                    challenge != null
                            && challenge.startsWith("Bearer")
                            && challenge.contains("error=\"invalid_token\""),
                    () -> authorization + " is challenged as an invalid token: " + challenge);
        }
    }

    @Test
    void aMissingScopeIs403() {
        String reader = Api.newKey(tenant, "meetings:read");
        assertProblem(
                as(reader)
                        .contentType("application/json")
                        .body(Api.meeting("T", "h", 5))
                        .post("/api/meetings/create"),
                403);
        assertProblem(as(tenant).get("/api/accounts"), 403);
        assertNoMeetings();
    }

    @Test
    void aStateConflictIs409() {
        String id = Api.createMeeting(tenant);
        as(tenant).delete("/api/meetings/" + id).then().statusCode(200);
        assertProblem(as(tenant).post("/api/meetings/" + id + "/start"), 409);
    }

    @Test
    void aBadIdempotencyKeyIs400() {
        Response refused =
                as(tenant)
                        .header("Idempotency-Key", "x".repeat(256))
                        .contentType("application/json")
                        .body(Api.meeting("T", "h", 5))
                        .post("/api/meetings/create");
        assertFieldError(refused, "Idempotency-Key");
        assertNoMeetings();
    }

    private Response post(String body) {
        return as(tenant).contentType("application/json").body(body).post("/api/meetings");
    }

    private void assertNoMeetings() {
        Response list = as(tenant).get("/api/meetings");
        assertEquals(200, list.statusCode());
        assertEquals(List.of(), list.path("data"), "a refused request created no meeting");
    }

    private static String oversized() {
        String padding = "x".repeat(LIMIT);
        return "{\"title\": \"" + padding + "\", \"host\": \"h\", \"duration\": 5}";
    }

    private HttpResponse<String> send(BodyPublisher body, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(Api.URL + path))
                        .header("Authorization", "Bearer " + tenant.secret())
                        .header("Content-Type", "application/json")
                        .POST(body)
                        .build();
        return client.send(request, BodyHandlers.ofString());
    }

    private static void assertProblemBody(HttpResponse<String> response, int status) {
        assertTrue(
                response.headers()
                        .firstValue("Content-Type")
                        .orElse("")
                        .startsWith("application/problem+json"),
                "the answer is a problem document");
        assertTrue(
                response.body().contains("\"status\":" + status),
                () -> "the problem repeats the status: " + response.body());
        assertTrue(response.body().contains("\"instance\":"), "the problem names the instance");
        assertNothingInternal(response.body());
    }
}

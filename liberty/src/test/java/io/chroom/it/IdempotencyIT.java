package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.meeting;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key}: a replay answers the first response and creates nothing; the same key
 * with another request is a 409.
 */
class IdempotencyIT {

    private final Tenant tenant = newAccount();

    @Test
    void aReplayAnswersTheFirstMeeting() {
        String key = UUID.randomUUID().toString();
        String body = meeting("Retry-safe", "u-1", 30, "u-2");

        Response first = create(key, body, "/api/meetings/create");
        assertEquals(200, first.statusCode(), () -> "first: " + first.asString());
        assertNull(first.header("Idempotency-Replayed"), "the first answer is not a replay");

        Response replay = create(key, body, "/api/meetings/create");
        assertEquals(200, replay.statusCode(), () -> "replay: " + replay.asString());
        assertEquals("true", replay.header("Idempotency-Replayed"), "a replay says so");
        assertEquals(first.asString(), replay.asString(), "a replay answers the first response");
        assertEquals(1, meetingCount(), "a replay creates nothing");
    }

    @Test
    void aReplayOfTheRestStyleCreateKeeps201AndLocation() {
        String key = UUID.randomUUID().toString();
        String body = meeting("Retry-safe", "u-1", 30);

        Response first = create(key, body, "/api/meetings");
        Response replay = create(key, body, "/api/meetings");
        assertEquals(201, replay.statusCode());
        assertEquals("true", replay.header("Idempotency-Replayed"));
        assertEquals(first.header("Location"), replay.header("Location"));
        assertEquals(first.<String>path("meeting_id"), replay.path("meeting_id"));
        assertEquals(1, meetingCount());
    }

    @Test
    void aReplayAfterTheMeetingChangedStillAnswersTheFirstResponse() {
        String key = UUID.randomUUID().toString();
        String body = meeting("Started later", "u-1", 30);
        Response first = create(key, body, "/api/meetings/create");
        String id = first.path("meeting_id");
        as(tenant).post("/api/meetings/" + id + "/start").then().statusCode(200);

        Response replay = create(key, body, "/api/meetings/create");
        assertEquals(first.asString(), replay.asString(), "the stored first answer");
        assertEquals(1, meetingCount());
    }

    @Test
    void theSameKeyWithAnotherBodyIs409() {
        String key = UUID.randomUUID().toString();
        create(key, meeting("First", "u-1", 30), "/api/meetings/create").then().statusCode(200);

        assertProblem(create(key, meeting("Second", "u-1", 30), "/api/meetings/create"), 409);
        assertProblem(create(key, meeting("First", "u-1", 31), "/api/meetings/create"), 409);
        assertEquals(1, meetingCount(), "a conflicting replay creates nothing");
    }

    @Test
    void theSameKeyOnAnotherEndpointIs409() {
        String key = UUID.randomUUID().toString();
        String body = meeting("First", "u-1", 30);
        create(key, body, "/api/meetings/create").then().statusCode(200);
        assertProblem(create(key, body, "/api/meetings"), 409);
        assertEquals(1, meetingCount());
    }

    @Test
    void keysBelongToOneAccount() {
        String key = UUID.randomUUID().toString();
        Tenant other = newAccount();
        Response mine = create(key, meeting("Mine", "u-1", 30), "/api/meetings/create");
        Response theirs =
                as(other)
                        .header("Idempotency-Key", key)
                        .contentType("application/json")
                        .body(meeting("Theirs", "u-1", 30))
                        .post("/api/meetings/create");
        assertEquals(200, theirs.statusCode(), "another account's key is not a conflict");
        assertNull(theirs.header("Idempotency-Replayed"), "nor a replay");
        assertNotEquals(mine.<String>path("meeting_id"), theirs.path("meeting_id"));
    }

    @Test
    void aRefusedRequestDoesNotUseUpItsKey() {
        String key = UUID.randomUUID().toString();
        assertProblem(
                create(key, meeting("Dup", "u-1", 30, "a", "a"), "/api/meetings/create"), 400);
        Response fixed = create(key, meeting("Fixed", "u-1", 30, "a"), "/api/meetings/create");
        assertEquals(200, fixed.statusCode(), () -> "the key is still free: " + fixed.asString());
        assertNull(fixed.header("Idempotency-Replayed"));
    }

    @Test
    void keysAndAccountsReplayWithoutTheirSecret() {
        String key = UUID.randomUUID().toString();
        String body = "{\"name\": \"ci\", \"scopes\": [\"meetings:read\"]}";
        Response first =
                as(tenant)
                        .header("Idempotency-Key", key)
                        .contentType("application/json")
                        .body(body)
                        .post("/api/keys");
        Response replay =
                as(tenant)
                        .header("Idempotency-Key", key)
                        .contentType("application/json")
                        .body(body)
                        .post("/api/keys");
        assertEquals(201, replay.statusCode());
        assertEquals("true", replay.header("Idempotency-Replayed"));
        assertEquals(first.<String>path("id"), replay.path("id"), "the same key");
        assertNull(replay.path("secret"), "a secret is shown once, never in a replay");

        String accountBody = "{\"name\": \"Replayed " + key + "\"}";
        Response opened =
                Api.asAdmin()
                        .header("Idempotency-Key", key)
                        .contentType("application/json")
                        .body(accountBody)
                        .post("/api/accounts");
        Response reopened =
                Api.asAdmin()
                        .header("Idempotency-Key", key)
                        .contentType("application/json")
                        .body(accountBody)
                        .post("/api/accounts");
        assertEquals(201, reopened.statusCode());
        assertEquals("true", reopened.header("Idempotency-Replayed"));
        assertEquals(opened.<String>path("id"), reopened.path("id"), "the same account");
        assertEquals(opened.<String>path("first_key.id"), reopened.path("first_key.id"));
        assertNull(reopened.path("first_key.secret"), "the first key's secret is not replayed");
    }

    private Response create(String key, String body, String path) {
        return as(tenant)
                .header("Idempotency-Key", key)
                .contentType("application/json")
                .body(body)
                .post(path);
    }

    private int meetingCount() {
        return as(tenant).get("/api/meetings").<List<?>>path("data").size();
    }
}

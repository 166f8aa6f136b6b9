package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.createMeeting;
import static io.chroom.it.Api.meeting;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two accounts on one network: each sees only its own meetings and keys, and another account's
 * object answers 404, never 403 and never its data.
 */
class TenancyIT {

    private static final String SECRET_TITLE = "Board meeting of Owner Inc";

    private final Tenant owner = newAccount();
    private final Tenant stranger = newAccount();

    @Test
    void anotherAccountsMeetingIs404Everywhere() {
        String id = createMeeting(owner, meeting(SECRET_TITLE, "ceo-1", 60, "cfo-2"));
        String before = as(owner).get("/api/meetings/" + id).asString();
        String path = "/api/meetings/" + id;

        List<Response> attempts =
                List.of(
                        as(stranger).get(path),
                        as(stranger)
                                .contentType("application/json")
                                .body("{\"title\": \"Taken over\"}")
                                .patch(path),
                        as(stranger).delete(path),
                        as(stranger).post(path + "/start"),
                        as(stranger).post(path + "/end"),
                        as(stranger).get(path + "/participants"),
                        as(stranger)
                                .contentType("application/json")
                                .body("{\"participant_id\": \"intruder\"}")
                                .post(path + "/participants"),
                        as(stranger).delete(path + "/participants/cfo-2"));
        for (Response attempt : attempts) {
            assertProblem(attempt, 404);
            String body = attempt.asString();
            String detail = attempt.path("detail");
            assertFalse(
                    body.contains(SECRET_TITLE) || body.contains("ceo-1") || detail.contains("cfo"),
                    () -> "a 404 shows nothing of the other account's meeting: " + body);
            assertEquals(
                    detail,
                    as(stranger)
                            .get("/api/meetings/noSuchMeeting1")
                            .<String>path("detail")
                            .replace("noSuchMeeting1", id),
                    "another account's meeting reads exactly like one that does not exist");
        }

        assertEquals(
                before,
                as(owner).get("/api/meetings/" + id).asString(),
                "the stranger changed nothing");
    }

    @Test
    void listsShowOnlyTheCallersMeetings() {
        String mine = createMeeting(owner, meeting(SECRET_TITLE, "shared-host", 30));
        String theirs = createMeeting(stranger, meeting("Stranger's", "shared-host", 30));

        assertEquals(List.of(mine), as(owner).get("/api/meetings").path("data.meeting_id"));
        assertEquals(
                List.of(theirs),
                as(stranger).get("/api/meetings?host=shared-host").path("data.meeting_id"),
                "filters never reach into another account");
        assertFalse(as(stranger).get("/api/meetings").asString().contains(SECRET_TITLE));
    }

    @Test
    void anotherAccountsKeyCannotBeSeenOrRevoked() {
        assertProblem(as(stranger).delete("/api/keys/" + owner.keyId()), 404);
        assertEquals(200, as(owner).get("/api/meetings").statusCode(), "the key still works");

        List<String> visible = as(stranger).get("/api/keys").path("data.id");
        assertFalse(visible.contains(owner.keyId()), "another account's keys are not listed");
        assertTrue(visible.contains(stranger.keyId()), "one's own are");
        List<String> accounts = as(stranger).get("/api/keys").path("data.account_id");
        assertTrue(
                accounts.stream().allMatch(stranger.accountId()::equals),
                "every listed key belongs to the caller's account");
    }
}

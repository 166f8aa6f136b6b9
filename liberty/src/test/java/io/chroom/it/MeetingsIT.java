package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.createMeeting;
import static io.chroom.it.Api.meeting;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.ProblemAssert.assertFieldError;
import static io.chroom.it.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code /api/meetings}: booking, reading, changing, starting, ending and inviting. */
class MeetingsIT {

    private static final String RFC3339_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

    private final Tenant tenant = newAccount();

    @Test
    void createAnswersTheContractShapeWith200() {
        Response created =
                as(tenant)
                        .contentType("application/json")
                        .body(
                                "{\"title\": \"Weekly sync\", \"host\": \"u-42\","
                                        + " \"participants\": [\"u-7\", \"u-9\"], \"duration\": 30}")
                        .post("/api/meetings/create");

        assertEquals(200, created.statusCode(), () -> "/create answers 200: " + created.asString());
        String id = created.path("meeting_id");
        assertNotNull(id, "the answer carries meeting_id");
        assertTrue(
                id.matches("[A-Za-z0-9_-]{12,32}"),
                () -> "meeting_id must be short, URL-safe and long enough not to guess: " + id);
        assertEquals("created", created.path("status"), "a new meeting is created");
        assertEquals("Weekly sync", created.path("title"));
        assertEquals("u-42", created.path("host"));
        assertEquals(List.of("u-7", "u-9"), created.path("participants"));
        assertEquals(Integer.valueOf(30), created.path("duration"));
        String createdAt = created.path("created_at");
        assertTrue(
                createdAt.matches(RFC3339_UTC), () -> "created_at is RFC 3339 UTC: " + createdAt);
        assertTrue(
                Duration.between(Instant.parse(createdAt), Instant.now()).abs().toSeconds() < 60,
                () -> "created_at is the time of creation: " + createdAt);
        String startUrl = created.path("start_url");
        assertTrue(
                startUrl.startsWith(Api.URL + "/start/" + id + "?token="),
                () -> "start_url is CHROOM_PUBLIC_URL/start/{id}?token=...: " + startUrl);
        assertTrue(
                startUrl.length() > (Api.URL + "/start/" + id + "?token=").length(),
                "start_url carries a token");
        assertEquals(Api.URL + "/join/" + id, created.path("join_url"), "join_url");
    }

    @Test
    void twoCreatesMakeTwoMeetings() {
        String first = createMeeting(tenant);
        String second = createMeeting(tenant);
        assertNotEquals(first, second, "every create makes a new meeting with its own id");
    }

    @Test
    void restStyleCreateAnswers201WithTheLocationOfTheMeeting() {
        Response created =
                as(tenant)
                        .contentType("application/json")
                        .body(meeting("Standup", "u-1", 15))
                        .post("/api/meetings");

        assertEquals(201, created.statusCode(), () -> "POST /api/meetings: " + created.asString());
        String id = created.path("meeting_id");
        assertEquals(
                Api.URL + "/api/meetings/" + id,
                created.header("Location"),
                "Location names the new meeting");
        Response read = as(tenant).get(created.header("Location"));
        assertEquals(200, read.statusCode(), "the Location can be read");
        assertEquals(id, read.path("meeting_id"));
        assertEquals(List.of(), read.path("participants"), "participants may be left out");
    }

    @Test
    void getAnswersAnEntityTagAndHonoursIfNoneMatch() {
        String id = createMeeting(tenant);

        Response first = as(tenant).get("/api/meetings/" + id);
        assertEquals(200, first.statusCode());
        String tag = first.header("ETag");
        assertNotNull(tag, "a meeting carries an ETag");

        Response unchanged = as(tenant).header("If-None-Match", tag).get("/api/meetings/" + id);
        assertEquals(304, unchanged.statusCode(), "the client's copy is current");
        assertEquals("", unchanged.asString(), "a 304 has no body");

        as(tenant)
                .contentType("application/json")
                .body("{\"title\": \"Renamed\"}")
                .patch("/api/meetings/" + id)
                .then()
                .statusCode(200);
        Response changed = as(tenant).header("If-None-Match", tag).get("/api/meetings/" + id);
        assertEquals(200, changed.statusCode(), "after a change the old tag no longer matches");
        assertNotEquals(tag, changed.header("ETag"), "the tag follows the representation");
        assertEquals("Renamed", changed.path("title"));
    }

    @Test
    void patchChangesOnlyTheFieldsItNames() {
        String id = createMeeting(tenant, meeting("Planning", "u-1", 45, "a", "b"));

        Response patched =
                as(tenant)
                        .contentType("application/merge-patch+json")
                        .body(
                                "{\"title\": \"Replanning\", \"participants\": [\"b\", \"c\"],"
                                        + " \"e2ee\": true, \"region\": \"eu-west\","
                                        + " \"node_policy\": \"lowest_price\"}")
                        .patch("/api/meetings/" + id);

        assertEquals(200, patched.statusCode(), () -> "PATCH: " + patched.asString());
        assertEquals("Replanning", patched.path("title"));
        assertEquals("u-1", patched.path("host"), "host was not named and keeps its value");
        assertEquals(Integer.valueOf(45), patched.path("duration"), "duration keeps its value");
        assertEquals(List.of("b", "c"), patched.path("participants"), "participants replaced");
        assertEquals(Boolean.TRUE, patched.path("e2ee"));
        assertEquals("eu-west", patched.path("region"));
        assertEquals("lowest_price", patched.path("node_policy"));
        assertEquals(
                patched.asString(),
                as(tenant).get("/api/meetings/" + id).asString(),
                "the change is stored");
    }

    @Test
    void patchRefusesInvalidValuesAndChangesNothing() {
        String id = createMeeting(tenant);
        String before = as(tenant).get("/api/meetings/" + id).asString();

        assertFieldError(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"title\": \"Fine\", \"duration\": 1441}")
                        .patch("/api/meetings/" + id),
                "duration");
        assertFieldError(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"participants\": [\"x\", \"x\"]}")
                        .patch("/api/meetings/" + id),
                "participants");

        assertEquals(
                before,
                as(tenant).get("/api/meetings/" + id).asString(),
                "bad input changes nothing");
    }

    @Test
    void aMeetingMovesFromCreatedToLiveToEnded() {
        String id = createMeeting(tenant, meeting("Town hall", "u-1", 30));

        Response started = as(tenant).post("/api/meetings/" + id + "/start");
        assertEquals(200, started.statusCode(), () -> "start: " + started.asString());
        assertEquals("live", started.path("status"));
        Instant startedAt = Instant.parse(started.path("started_at"));
        assertEquals(
                startedAt.plus(Duration.ofMinutes(30)),
                Instant.parse(started.path("ends_at")),
                "a live meeting ends its duration after it started");

        assertProblem(as(tenant).post("/api/meetings/" + id + "/start"), 409);
        assertProblem(as(tenant).delete("/api/meetings/" + id), 409);

        Response ended = as(tenant).post("/api/meetings/" + id + "/end");
        assertEquals(200, ended.statusCode(), () -> "end: " + ended.asString());
        assertEquals("ended", ended.path("status"));
        assertNotNull(ended.path("ended_at"), "an ended meeting says when it ended");

        assertProblem(as(tenant).post("/api/meetings/" + id + "/end"), 409);
        assertProblem(as(tenant).post("/api/meetings/" + id + "/start"), 409);
        assertProblem(as(tenant).delete("/api/meetings/" + id), 409);
        assertProblem(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"title\": \"Too late\"}")
                        .patch("/api/meetings/" + id),
                409);
        assertProblem(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"participant_id\": \"late\"}")
                        .post("/api/meetings/" + id + "/participants"),
                409);
        assertEquals("ended", as(tenant).get("/api/meetings/" + id).path("status"));
    }

    @Test
    void aMeetingThatHasNotStartedCanBeCancelledOnly() {
        String id = createMeeting(tenant);
        assertProblem(as(tenant).post("/api/meetings/" + id + "/end"), 409);

        Response cancelled = as(tenant).delete("/api/meetings/" + id);
        assertEquals(200, cancelled.statusCode(), () -> "cancel: " + cancelled.asString());
        assertEquals("cancelled", cancelled.path("status"));
        assertNotNull(cancelled.path("cancelled_at"), "a cancelled meeting says when");

        assertProblem(as(tenant).delete("/api/meetings/" + id), 409);
        assertProblem(as(tenant).post("/api/meetings/" + id + "/start"), 409);
        assertProblem(as(tenant).post("/api/meetings/" + id + "/end"), 409);
        assertEquals("cancelled", as(tenant).get("/api/meetings/" + id).path("status"));
    }

    @Test
    void participantsAreListedInvitedAndWithdrawn() {
        String id = createMeeting(tenant, meeting("Review", "u-1", 30, "a", "b"));
        String path = "/api/meetings/" + id + "/participants";

        Response listed = as(tenant).get(path);
        assertEquals(200, listed.statusCode());
        assertEquals(List.of("a", "b"), listed.path("data.participant_id"));
        assertNull(listed.path("next_cursor"), "one page only");

        Response invited =
                as(tenant)
                        .contentType("application/json")
                        .body("{\"participant_id\": \"c\"}")
                        .post(path);
        assertEquals(201, invited.statusCode(), () -> "invite: " + invited.asString());
        assertEquals(Api.URL + path + "/c", invited.header("Location"));
        assertEquals("c", invited.path("participant_id"));
        String addedAt = invited.path("added_at");
        assertTrue(addedAt.matches(RFC3339_UTC), () -> "added_at is RFC 3339 UTC: " + addedAt);

        Response again =
                as(tenant)
                        .contentType("application/json")
                        .body("{\"participant_id\": \"c\"}")
                        .post(path);
        assertEquals(200, again.statusCode(), "inviting someone invited changes nothing");
        assertEquals(addedAt, again.path("added_at"), "the first invitation time stays");

        List<Map<String, Object>> all = as(tenant).get(path).path("data");
        assertEquals(3, all.size());
        assertEquals(
                Map.of("participant_id", "c", "added_at", addedAt),
                all.get(2),
                "the list shows the participant as the invitation answered it");
        assertEquals(
                List.of("a", "b", "c"), as(tenant).get("/api/meetings/" + id).path("participants"));

        assertEquals(204, as(tenant).delete(path + "/b").statusCode(), "withdraw");
        assertEquals(List.of("a", "c"), as(tenant).get(path).path("data.participant_id"));
        assertProblem(as(tenant).delete(path + "/b"), 404);
        assertFieldError(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"participant_id\": \"has space\"}")
                        .post(path),
                "participant_id");
    }

    @Test
    void participantsArePagedLikeEveryList() {
        String id = createMeeting(tenant, meeting("Crowd", "h", 10, "p1", "p2", "p3", "p4", "p5"));

        List<String> seen = new ArrayList<>();
        String next = "/api/meetings/" + id + "/participants?limit=2";
        int pages = 0;
        while (next != null) {
            Response page = as(tenant).get(next);
            assertEquals(200, page.statusCode(), () -> "page: " + page.asString());
            seen.addAll(page.path("data.participant_id"));
            next = ListPages.nextLink(page);
            pages++;
        }
        assertEquals(3, pages, "five participants in pages of two");
        assertEquals(List.of("p1", "p2", "p3", "p4", "p5"), seen);
    }

    @Test
    void aMeetingHasAtMostAThousandParticipants() {
        List<String> thousand = IntStream.range(0, 1000).mapToObj(i -> "p-" + i).toList();
        Response full =
                as(tenant)
                        .contentType("application/json")
                        .body(
                                "{\"title\": \"Webinar\", \"host\": \"h\", \"duration\": 60,"
                                        + " \"participants\": "
                                        + Api.jsonArray(thousand)
                                        + "}")
                        .post("/api/meetings");
        assertEquals(201, full.statusCode(), "a thousand participants fit");
        String id = full.path("meeting_id");

        assertFieldError(
                as(tenant)
                        .contentType("application/json")
                        .body("{\"participant_id\": \"one-more\"}")
                        .post("/api/meetings/" + id + "/participants"),
                "participants");

        List<String> tooMany = new ArrayList<>(thousand);
        tooMany.add("p-1000");
        assertFieldError(
                as(tenant)
                        .contentType("application/json")
                        .body(
                                "{\"title\": \"Webinar\", \"host\": \"h\", \"duration\": 60,"
                                        + " \"participants\": "
                                        + Api.jsonArray(tooMany)
                                        + "}")
                        .post("/api/meetings"),
                "participants");
    }

    @Test
    void createRefusesInvalidMeetings() {
        assertFieldError(post(meeting("", "u-1", 30)), "title");
        assertFieldError(post(meeting("x".repeat(201), "u-1", 30)), "title");
        assertFieldError(post(meeting("Title", "has space", 30)), "host");
        assertFieldError(post(meeting("Title", "u-1", 0)), "duration");
        assertFieldError(post(meeting("Title", "u-1", 1441)), "duration");
        assertFieldError(post(meeting("Title", "u-1", 30, "a", "b", "a")), "participants");
        assertFieldError(
                post(
                        "{\"title\": \"T\", \"host\": \"h\", \"duration\": 5, \"node_policy\": \"x\"}"),
                "node_policy");

        Response empty = post("{}");
        assertFieldError(empty, "title");
        assertFieldError(empty, "host");
        assertFieldError(empty, "duration");

        Response list = as(tenant).get("/api/meetings");
        assertEquals(List.of(), list.path("data"), "no invalid request created a meeting");
    }

    @Test
    void unknownMeetingIs404() {
        assertProblem(as(tenant).get("/api/meetings/doesNotExist42"), 404);
        assertProblem(as(tenant).post("/api/meetings/doesNotExist42/start"), 404);
    }

    private Response post(String body) {
        return as(tenant).contentType("application/json").body(body).post("/api/meetings");
    }
}

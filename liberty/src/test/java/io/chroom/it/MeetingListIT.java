package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.createMeeting;
import static io.chroom.it.Api.meeting;
import static io.chroom.it.Api.newAccount;
import static io.chroom.it.ProblemAssert.assertFieldError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code GET /api/meetings}: cursor pagination, its Link header, and the filters. */
class MeetingListIT {

    private final Tenant tenant = newAccount();

    @Test
    void pagesOverMoreThanOnePageNewestFirst() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createMeeting(tenant, meeting("Meeting " + i, "u-1", 30)));
        }

        List<String> seen = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        String next = "/api/meetings?limit=2";
        List<Integer> sizes = new ArrayList<>();
        while (next != null) {
            Response page = as(tenant).get(next);
            assertEquals(200, page.statusCode(), () -> "page: " + page.asString());
            List<String> ids = page.path("data.meeting_id");
            sizes.add(ids.size());
            seen.addAll(ids);
            page.<List<String>>path("data.created_at").forEach(t -> times.add(Instant.parse(t)));
            next = ListPages.nextLink(page);
        }

        assertEquals(List.of(2, 2, 1), sizes, "five meetings in pages of two");
        assertEquals(5, new HashSet<>(seen).size(), () -> "no meeting twice: " + seen);
        assertEquals(new HashSet<>(created), new HashSet<>(seen), "every meeting once");
        assertEquals(created.get(4), seen.get(0), "newest first: the last booked comes first");
        for (int i = 1; i < times.size(); i++) {
            assertTrue(
                    !times.get(i).isAfter(times.get(i - 1)),
                    () -> "ordered by creation time, newest first: " + times);
        }
    }

    @Test
    void aShortListHasNoNextPage() {
        createMeeting(tenant);
        Response page = as(tenant).get("/api/meetings");
        assertEquals(1, page.<List<?>>path("data").size());
        assertTrue(page.jsonPath().getMap("$").containsKey("next_cursor"), "next_cursor present");
        assertNull(page.path("next_cursor"), "and null on the last page");
        assertNull(page.header("Link"), "no Link on the last page");
    }

    @Test
    void filtersByStatusAndHost() {
        String live = createMeeting(tenant, meeting("Live", "alice", 30));
        String cancelled = createMeeting(tenant, meeting("Cancelled", "bob", 30));
        String waiting = createMeeting(tenant, meeting("Waiting", "alice", 30));
        String ended = createMeeting(tenant, meeting("Ended", "bob", 30));
        as(tenant).post("/api/meetings/" + live + "/start").then().statusCode(200);
        as(tenant).delete("/api/meetings/" + cancelled).then().statusCode(200);
        as(tenant).post("/api/meetings/" + ended + "/start").then().statusCode(200);
        as(tenant).post("/api/meetings/" + ended + "/end").then().statusCode(200);

        assertEquals(Set.of(live), ids("?status=live"));
        assertEquals(Set.of(cancelled), ids("?status=cancelled"));
        assertEquals(Set.of(waiting), ids("?status=created"));
        assertEquals(Set.of(ended), ids("?status=ended"));
        assertEquals(Set.of(live, waiting), ids("?host=alice"));
        assertEquals(Set.of(cancelled), ids("?host=bob&status=cancelled"));
        assertEquals(Set.of(), ids("?host=nobody"));
    }

    @Test
    void filtersByCreationTime() {
        String first = createMeeting(tenant);
        String second = createMeeting(tenant);
        String firstCreated = as(tenant).get("/api/meetings/" + first).path("created_at");

        assertEquals(Set.of(first, second), ids("?from=2000-01-01T00:00:00Z"));
        assertEquals(Set.of(), ids("?to=2000-01-01T00:00:00Z"));
        assertEquals(Set.of(), ids("?from=2999-01-01T00:00:00Z"));
        assertEquals(
                Set.of(first, second),
                ids("?from=" + firstCreated),
                "from is inclusive: a meeting created in that second is included");
        assertEquals(
                Set.of(),
                ids("?to=" + firstCreated),
                "to is exclusive: nothing was created before the first meeting's second");
        Response withOffset =
                as(tenant)
                        .queryParam("from", "2000-01-01T01:00:00+01:00")
                        .queryParam("to", "2999-01-01T00:00:00Z")
                        .get("/api/meetings");
        assertEquals(
                Set.of(first, second),
                new HashSet<>(withOffset.<List<String>>path("data.meeting_id")),
                () -> "offsets other than Z are understood: " + withOffset.asString());
    }

    @Test
    void listsCarryAnEntityTag() {
        createMeeting(tenant);
        Response list = as(tenant).get("/api/meetings");
        String tag = list.header("ETag");
        assertNotNull(tag, "a list carries an ETag");
        assertEquals(
                304,
                as(tenant).header("If-None-Match", tag).get("/api/meetings").statusCode(),
                "an unchanged list answers 304");
        createMeeting(tenant);
        assertEquals(
                200,
                as(tenant).header("If-None-Match", tag).get("/api/meetings").statusCode(),
                "a changed list answers 200");
    }

    @Test
    void refusesBadParameters() {
        assertFieldError(as(tenant).get("/api/meetings?status=running"), "status");
        assertFieldError(as(tenant).get("/api/meetings?from=yesterday"), "from");
        assertFieldError(as(tenant).get("/api/meetings?to=2026-13-01"), "to");
        assertFieldError(as(tenant).get("/api/meetings?limit=0"), "limit");
        assertFieldError(as(tenant).get("/api/meetings?limit=201"), "limit");
        assertFieldError(as(tenant).get("/api/meetings?limit=ten"), "limit");
        assertFieldError(as(tenant).get("/api/meetings?cursor=not-a-cursor"), "cursor");
        assertEquals(200, as(tenant).get("/api/meetings?limit=200").statusCode(), "200 is allowed");
    }

    private Set<String> ids(String query) {
        Response page = as(tenant).get("/api/meetings" + query);
        assertEquals(200, page.statusCode(), () -> query + ": " + page.asString());
        return new HashSet<>(page.<List<String>>path("data.meeting_id"));
    }
}

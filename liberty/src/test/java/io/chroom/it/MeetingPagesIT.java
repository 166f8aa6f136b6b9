package io.chroom.it;

import static io.chroom.it.Api.anonymous;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

/** {@code /start/{id}?token=} for the host and {@code /join/{id}} for participants. */
class MeetingPagesIT {

    private final Tenant tenant = newAccount();

    @Test
    void theStartUrlOpensTheHostPage() {
        String id = createMeeting(tenant, meeting("Quarterly <review> & \"plans\"", "u-1", 30));
        String startUrl = as(tenant).get("/api/meetings/" + id).path("start_url");

        Response page = anonymous().get(startUrl);
        assertEquals(200, page.statusCode(), () -> "the host page opens: " + page.asString());
        assertTrue(page.contentType().startsWith("text/html"), "an HTML page");
        String html = page.asString();
        assertTrue(
                html.contains("Quarterly &lt;review&gt; &amp; &quot;plans&quot;"),
                () -> "the title is shown, escaped: " + html);
        assertFalse(html.contains("<review>"), "the title is never markup");
        assertTrue(html.contains("host"), "the page tells the host who they are");
        assertEquals("no-store", page.header("Cache-Control"), "a page with a credential");
    }

    @Test
    void aWrongOrMissingTokenIs403() {
        String id = createMeeting(tenant);
        String other = createMeeting(tenant);
        String token = token(as(tenant).get("/api/meetings/" + id).path("start_url"));
        String otherToken = token(as(tenant).get("/api/meetings/" + other).path("start_url"));

        assertProblem(anonymous().get("/start/" + id), 403);
        assertProblem(anonymous().get("/start/" + id + "?token=nonsense"), 403);
        assertProblem(anonymous().get("/start/" + id + "?token=" + otherToken), 403);
        String tampered =
                token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertProblem(anonymous().get("/start/" + id + "?token=" + tampered), 403);
        String laterExpiry = Long.toString(Long.parseLong(token.split("\\.")[0], 36) + 3600, 36);
        assertProblem(
                anonymous()
                        .get(
                                "/start/"
                                        + id
                                        + "?token="
                                        + laterExpiry
                                        + "."
                                        + token.split("\\.")[1]),
                403);
        assertEquals(200, anonymous().get("/start/" + id + "?token=" + token).statusCode());
    }

    @Test
    void aHostLinkExpiresAnHourAfterThePlannedEnd() throws Exception {
        String id = "itOld" + Long.toString(System.nanoTime(), 36);
        try (Connection db = Database.connect();
                PreparedStatement insert =
                        db.prepareStatement(
                                "insert into meetings (id, account_id, title, host_id,"
                                        + " duration_minutes, node_policy, status, created_at)"
                                        + " values (?, ?, 'Long ago', 'u-1', 30, 'LEAST_LOADED',"
                                        + " 'CREATED', now() - interval '2 hours')")) {
            insert.setString(1, id);
            insert.setString(2, tenant.accountId());
            insert.executeUpdate();
        }

        String startUrl = as(tenant).get("/api/meetings/" + id).path("start_url");
        assertProblem(anonymous().get(startUrl), 403);
        assertEquals(200, anonymous().get("/join/" + id).statusCode(), "joining needs no token");
    }

    @Test
    void theJoinUrlOpensTheParticipantPage() {
        String id = createMeeting(tenant, meeting("All hands", "u-1", 30));
        String joinUrl = as(tenant).get("/api/meetings/" + id).path("join_url");

        Response page = anonymous().get(joinUrl);
        assertEquals(200, page.statusCode());
        assertTrue(page.contentType().startsWith("text/html"), "an HTML page");
        assertTrue(page.asString().contains("All hands"), "the page shows the title");
        assertFalse(page.asString().contains("You are the host"), "participants are not hosts");
    }

    @Test
    void anUnknownMeetingPageIs404() {
        assertProblem(anonymous().get("/join/noSuchMeeting1"), 404);
        assertProblem(anonymous().get("/start/noSuchMeeting1?token=x.y"), 404);
        assertProblem(anonymous().get("/join/"), 404);
    }

    private static String token(String startUrl) {
        return startUrl.substring(startUrl.indexOf("?token=") + "?token=".length());
    }
}

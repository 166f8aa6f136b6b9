package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.newAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A live meeting ends by itself once its duration has passed. Waiting a real minute would slow the
 * suite, so the tests put a live meeting whose end lies in the past straight into the database and
 * watch the API and the meeting clock end it.
 */
class MeetingClockIT {

    private final Tenant tenant = newAccount();

    @Test
    void theApiShowsAnOverdueMeetingEnded() throws Exception {
        String id = insertOverdueMeeting();

        List<String> live = as(tenant).get("/api/meetings?status=live").path("data.meeting_id");
        assertFalse(live.contains(id), "an overdue meeting is not listed as live");
        Response ended = as(tenant).get("/api/meetings?status=ended");
        assertEquals(List.of(id), ended.path("data.meeting_id"), "it is listed as ended");

        Response read = as(tenant).get("/api/meetings/" + id);
        assertEquals("ended", read.path("status"));
        assertEquals(
                read.<String>path("ends_at"),
                read.path("ended_at"),
                "it ended when its time ran out, not when it was read");
        assertEquals("ENDED", storedStatus(id), "the end is stored, not only shown");
        assertEquals(
                409,
                as(tenant).post("/api/meetings/" + id + "/end").statusCode(),
                "an ended meeting cannot be ended again");
    }

    @Test
    void theMeetingClockEndsOverdueMeetingsNobodyReads() throws Exception {
        String id = insertOverdueMeeting();

        Instant deadline = Instant.now().plusSeconds(25);
        while (!"ENDED".equals(storedStatus(id)) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertEquals("ENDED", storedStatus(id), "the clock (every 10 s) ended the meeting");
        assertTrue(Instant.now().isBefore(deadline), "within two ticks");
    }

    /** A meeting started three minutes ago for one minute. */
    private String insertOverdueMeeting() throws Exception {
        String id = "itDue" + Long.toString(System.nanoTime(), 36);
        try (Connection db = Database.connect();
                PreparedStatement insert =
                        db.prepareStatement(
                                "insert into meetings (id, account_id, title, host_id,"
                                        + " duration_minutes, node_policy, status, created_at,"
                                        + " started_at, ends_at) values (?, ?, 'Overdue', 'u-1',"
                                        + " 1, 'LEAST_LOADED', 'LIVE', now() - interval '5"
                                        + " minutes', now() - interval '3 minutes', now() -"
                                        + " interval '2 minutes')")) {
            insert.setString(1, id);
            insert.setString(2, tenant.accountId());
            insert.executeUpdate();
        }
        return id;
    }

    private static String storedStatus(String id) throws Exception {
        try (Connection db = Database.connect();
                PreparedStatement select =
                        db.prepareStatement("select status from meetings where id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "the meeting is stored");
                return row.getString(1);
            }
        }
    }
}

package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.createMeeting;
import static io.chroom.it.Api.newAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Page;
import io.chroom.it.Api.Tenant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The host page and the join page in a real Chromium with fake camera and microphone, against the
 * media nodes the integration tests run. Media flow is checked where it happens: in the node's
 * Janus Admin API, per handle.
 */
class MeetingBrowserIT {

    private static final String TWO_TILES_FLOWING =
            "() => document.body.dataset.state === 'live'"
                    + " && document.querySelectorAll('.tile[data-media=flowing]').length >= 2";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private static Chromium chromium;

    private static Browser browser;

    private final Tenant tenant = newAccount();

    private final List<BrowserContext> contexts = new ArrayList<>();

    private final List<String> consoleErrors = Collections.synchronizedList(new ArrayList<>());

    /** Console errors a test expects, such as failed requests to a node it stopped. */
    private Predicate<ConsoleMessage> expectedError = message -> false;

    /** Registers the build's two media nodes, so that meetings of this test are placed on them. */
    @BeforeAll
    static void registerNodes() {
        for (String name : List.of("a", "b")) {
            MediaNodes.register(MediaNodes.node(name), "local", "0.001", 50);
        }
    }

    @BeforeAll
    static void startBrowser() {
        chromium = Chromium.launch();
        browser = chromium.browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
    }

    @Test
    void hostAndGuestSeeAndHearEachOther(TestInfo test) throws Exception {
        Meeting meeting = newMeeting();

        Page host = open(meeting.startUrl(), "host");
        Page guest = openAsGuest(meeting.joinUrl(), "Ann");
        awaitTwoTiles(host, guest, Duration.ofSeconds(30));
        screenshots(test, host, guest);

        Node node = nodeOf(host);
        assertEquals(
                node.name(), nodeOf(guest).name(), "host and guest are placed on the same node");
        assertMediaFlows(node, host, guest, Duration.ofSeconds(20));
        assertEquals(List.of(), consoleErrors, "the pages log no errors");
    }

    @Test
    void theCallsQualityAndMinutesReachTheAnalyticsApi() throws Exception {
        Meeting meeting = newMeeting();
        String from = java.time.Instant.now().minusSeconds(60).toString();
        Page host = open(meeting.startUrl(), "host");
        Page guest = openAsGuest(meeting.joinUrl(), "Ann");
        awaitTwoTiles(host, guest, Duration.ofSeconds(30));
        assertMediaFlows(nodeOf(host), host, guest, Duration.ofSeconds(20));
        List<String> people = List.of(participantId(host), participantId(guest));

        // The node's event handler posts media statistics every 5 s.
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        List<Map<String, Object>> audio = List.of();
        while (System.nanoTime() < deadline) {
            audio =
                    as(tenant)
                            .queryParam("meeting_id", meeting.id())
                            .queryParam("from", from)
                            .queryParam("granularity", "1h")
                            .get("/api/analytics/qos")
                            .jsonPath()
                            .<Map<String, Object>>getList("data")
                            .stream()
                            .filter(p -> "audio".equals(p.get("media")) && p.get("mos") != null)
                            .toList();
            if (audio.stream().map(p -> p.get("participant_id")).distinct().count() == 2) {
                break;
            }
            Thread.sleep(1000);
        }
        List<Map<String, Object>> measured = audio;
        for (String person : people) {
            Map<String, Object> point =
                    measured.stream()
                            .filter(p -> person.equals(p.get("participant_id")))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "the node measured the audio of "
                                                            + person
                                                            + ": "
                                                            + measured));
            double mos = ((Number) point.get("mos")).doubleValue();
            assertTrue(mos > 3.5 && mos <= 4.5, () -> "a call on one machine rates well: " + point);
        }

        var usage =
                as(tenant)
                        .queryParam("meeting_id", meeting.id())
                        .queryParam("from", from)
                        .get("/api/analytics/bandwidth");
        assertEquals(200, usage.statusCode(), usage::asString);
        assertTrue(
                ((Number) usage.path("data[0].bytes_in")).longValue() > 10_000,
                () -> "the node received the call's media: " + usage.asString());
        assertTrue(
                ((Number) usage.path("data[0].participant_minutes")).intValue() >= 2,
                () -> "host and guest each count a started minute: " + usage.asString());
        assertEquals(List.of(), consoleErrors, "the pages log no errors");
    }

    @Test
    void whenTheNodeFailsBothPagesPublishAgainOnAnotherNode(TestInfo test) throws Exception {
        Meeting meeting = newMeeting();
        Page host = open(meeting.startUrl(), "host");
        Page guest = openAsGuest(meeting.joinUrl(), "Ann");
        awaitTwoTiles(host, guest, Duration.ofSeconds(30));
        Node first = nodeOf(host);
        Node other =
                first.name().equals(Node.named("a").name()) ? Node.named("b") : Node.named("a");

        // Requests to the stopped node and refreshes answered while the meeting moves fail in the
        // browser's console by design; nothing else may.
        String stoppedHost = URI.create(mediaUrl(host)).getHost();
        expectedError =
                message ->
                        message.text().startsWith("Failed to load resource")
                                && (message.location().contains("//" + stoppedHost + ":")
                                        || message.location().contains("/session/refresh"));
        long stoppedAt = System.nanoTime();
        mediaNode("stop-janus", first.name());
        try {
            Duration budget = Duration.ofSeconds(30);
            awaitOn(other, host, budget);
            awaitOn(other, guest, budget.minusNanos(System.nanoTime() - stoppedAt));
            awaitTwoTiles(host, guest, budget.minusNanos(System.nanoTime() - stoppedAt));
            assertMediaFlows(other, host, guest, budget.minusNanos(System.nanoTime() - stoppedAt));
            screenshots(test, host, guest);
        } finally {
            mediaNode("start-janus", first.name());
        }
        assertEquals(List.of(), consoleErrors, "the pages log no unexpected errors");
    }

    @Test
    void whileTheNodesEventsStopItsJanusIsPolledForTheCallsSamplesAndItsLeavers() throws Exception {
        Meeting meeting = newMeeting();
        Page host = open(meeting.startUrl(), "host");
        BrowserContext guestContext = browser.newContext();
        Page guest = guestContext.newPage();
        guest.navigate(meeting.joinUrl());
        guest.fill("#name", "Ann");
        guest.click("#lobby button[type=submit]");
        awaitTwoTiles(host, guest, Duration.ofSeconds(30));
        Node node = nodeOf(host);
        assertMediaFlows(node, host, guest, Duration.ofSeconds(20));
        String hostId = participantId(host);
        String guestId = participantId(guest);
        MediaNodes.Node media = MediaNodes.node(node.name());
        MediaNodes.await(
                () -> samples(meeting.id(), hostId, false) > 0,
                Duration.ofSeconds(20),
                "the node's own statistics events arrive first");

        Instant stopped = Instant.now();
        media.postEvents("none");
        Instant resumed;
        try {
            // The node is silent with handles connected: the poll writes the call's samples.
            MediaNodes.await(
                    () ->
                            samples(meeting.id(), hostId, true) >= 4
                                    && samples(meeting.id(), guestId, true) >= 2,
                    Duration.ofSeconds(45),
                    "polled samples of host and guest while the node posts nothing");
            List<Map<String, Object>> polledAudio =
                    as(tenant)
                            .queryParam("meeting_id", meeting.id())
                            .queryParam("participant_id", hostId)
                            .queryParam("from", stopped.plusSeconds(10).toString())
                            .queryParam("granularity", "10s")
                            .get("/api/analytics/qos")
                            .jsonPath()
                            .<Map<String, Object>>getList("data")
                            .stream()
                            .filter(p -> "audio".equals(p.get("media")) && p.get("mos") != null)
                            .toList();
            assertTrue(
                    !polledAudio.isEmpty()
                            && polledAudio.stream()
                                    .allMatch(p -> ((Number) p.get("mos")).doubleValue() > 3.5),
                    () -> "the API answers the polled audio, rated well: " + polledAudio);

            // The guest leaves while no event can say so: the poll closes their handles.
            List<long[]> guestHandles = openHandles(meeting.id(), guestId);
            assertFalse(guestHandles.isEmpty(), "the guest's handles are connected");
            guestContext.close();
            for (long[] handle : guestHandles) {
                media.destroySession(handle[0]);
            }
            Instant left = Instant.now();
            MediaNodes.await(
                    () -> openHandles(meeting.id(), guestId).isEmpty(),
                    Duration.ofSeconds(20),
                    "the guest's handles closed although no detach arrived");
            for (Instant closed : closedAt(guestHandles)) {
                assertTrue(
                        closed.isAfter(left.minusSeconds(10)) && !closed.isAfter(left),
                        () -> "closed when last seen on the node: " + closed + ", left " + left);
            }
            assertFalse(openHandles(meeting.id(), hostId).isEmpty(), "the host stays connected");
        } finally {
            media.postEvents(MediaNodes.EVENTS);
            resumed = Instant.now();
        }

        // Events flow again: one source of samples at a time, none counted twice.
        MediaNodes.await(
                () -> samplesAfter(meeting.id(), hostId, resumed) > 0,
                Duration.ofSeconds(20),
                "the node's own events are stored again");
        Map<String, List<Instant>> streams = sampleTimes(meeting.id(), hostId);
        for (Map.Entry<String, List<Instant>> stream : streams.entrySet()) {
            List<Instant> times = stream.getValue();
            for (int i = 1; i < times.size(); i++) {
                Duration gap = Duration.between(times.get(i - 1), times.get(i));
                int at = i;
                assertTrue(
                        gap.toMillis() >= 2000,
                        () ->
                                "stream "
                                        + stream.getKey()
                                        + " has one sample per period, polled or posted; "
                                        + times.get(at - 1)
                                        + " then "
                                        + times.get(at));
            }
        }
    }

    // ---- the meeting and its pages -------------------------------------------------------

    private record Meeting(String id, String startUrl, String joinUrl) {}

    private Meeting newMeeting() {
        String id =
                createMeeting(
                        tenant,
                        Api.meeting("Browser check " + UUID.randomUUID(), "u-host", 30, "u-ann"));
        var view = as(tenant).get("/api/meetings/" + id);
        return new Meeting(id, view.path("start_url"), view.path("join_url"));
    }

    private Page open(String url, String who) {
        BrowserContext context = browser.newContext();
        contexts.add(context);
        Page page = context.newPage();
        page.onConsoleMessage(
                message -> {
                    if (message.type().equals("error") && !expectedError.test(message)) {
                        consoleErrors.add(who + ": " + message.text() + " @" + message.location());
                    }
                });
        page.onPageError(error -> consoleErrors.add(who + ": uncaught " + error));
        page.navigate(url);
        return page;
    }

    private Page openAsGuest(String url, String name) {
        Page page = open(url, "guest");
        page.fill("#name", name);
        page.click("#lobby button[type=submit]");
        return page;
    }

    private void awaitTwoTiles(Page host, Page guest, Duration within) {
        for (Page page : List.of(host, guest)) {
            try {
                page.waitForFunction(
                        TWO_TILES_FLOWING,
                        null,
                        new Page.WaitForFunctionOptions().setTimeout(within.toMillis()));
            } catch (RuntimeException e) {
                fail(
                        "the page shows its own tile and the other's with media within "
                                + within.toSeconds()
                                + " s; state: "
                                + page.textContent("#state")
                                + "; console errors: "
                                + consoleErrors,
                        e);
            }
        }
    }

    private static String mediaUrl(Page page) {
        return (String) page.evaluate("() => window.chroomMeeting.answer().node.media_url");
    }

    private static String participantId(Page page) {
        return (String) page.evaluate("() => window.chroomMeeting.answer().participant_id");
    }

    private static long roomId(Page page) {
        return ((Number) page.evaluate("() => window.chroomMeeting.answer().room.room_id"))
                .longValue();
    }

    /** The configured node whose address the page's media URL names. */
    private static Node nodeOf(Page page) {
        String mediaHost = URI.create(mediaUrl(page)).getHost();
        for (String key : List.of("a", "b")) {
            Node node = Node.named(key);
            if (node.controlUrl() != null
                    && URI.create(node.controlUrl()).getHost().equals(mediaHost)) {
                return node;
            }
        }
        throw new AssertionError(
                "the page's media URL " + mediaUrl(page) + " is none of the configured nodes");
    }

    private static void awaitOn(Node node, Page page, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Object live =
                    page.evaluate(
                            "() => document.body.dataset.state === 'live'"
                                    + " && window.chroomMeeting.answer() !== null");
            if (Boolean.TRUE.equals(live) && nodeOf(page).name().equals(node.name())) {
                return;
            }
            Thread.sleep(250);
        }
        fail(
                "the page moves to node "
                        + node.name()
                        + " within "
                        + within.toSeconds()
                        + " s; state: "
                        + page.textContent("#state"));
    }

    private static void screenshots(TestInfo test, Page host, Page guest) throws IOException {
        String name = test.getTestMethod().map(m -> m.getName()).orElse("test");
        Chromium.screenshot(host, name + "-host");
        Chromium.screenshot(guest, name + "-guest");
    }

    private static void mediaNode(String command, String name) {
        MediaNodes.script(command, name);
    }

    // ---- what the database holds of the call ------------------------------------------------

    private static long samples(String meeting, String participant, boolean polled) {
        return count(
                "select count(*) from media_samples where meeting_id = ? and participant_id = ?"
                        + " and polled = ?",
                meeting,
                participant,
                polled);
    }

    private static long samplesAfter(String meeting, String participant, Instant after) {
        return count(
                "select count(*) from media_samples where meeting_id = ? and participant_id = ?"
                        + " and not polled and sampled_at > ?",
                meeting,
                participant,
                java.sql.Timestamp.from(after));
    }

    private static long count(String sql, Object... args) {
        try (java.sql.Connection db = Database.connect();
                java.sql.PreparedStatement q = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            try (java.sql.ResultSet row = q.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The participant's connected handles: session and handle ids. */
    private static List<long[]> openHandles(String meeting, String participant) {
        List<long[]> handles = new ArrayList<>();
        try (java.sql.Connection db = Database.connect();
                java.sql.PreparedStatement q =
                        db.prepareStatement(
                                "select session_id, handle_id from media_handles where"
                                        + " meeting_id = ? and participant_id = ?"
                                        + " and detached_at is null")) {
            q.setString(1, meeting);
            q.setString(2, participant);
            try (java.sql.ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    handles.add(new long[] {rows.getLong(1), rows.getLong(2)});
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return handles;
    }

    /** When each of these handles was closed. */
    private static List<Instant> closedAt(List<long[]> handles) {
        List<Instant> closed = new ArrayList<>();
        try (java.sql.Connection db = Database.connect();
                java.sql.PreparedStatement q =
                        db.prepareStatement(
                                "select detached_at from media_handles where handle_id = ?")) {
            for (long[] handle : handles) {
                q.setLong(1, handle[1]);
                try (java.sql.ResultSet row = q.executeQuery()) {
                    row.next();
                    closed.add(row.getTimestamp(1).toInstant());
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return closed;
    }

    /** The times of each of the participant's streams' samples, by handle and media id. */
    private static Map<String, List<Instant>> sampleTimes(String meeting, String participant) {
        Map<String, List<Instant>> streams = new HashMap<>();
        try (java.sql.Connection db = Database.connect();
                java.sql.PreparedStatement q =
                        db.prepareStatement(
                                "select handle_id, mid, media, sampled_at from media_samples"
                                        + " where meeting_id = ? and participant_id = ?"
                                        + " and media in ('audio', 'video')"
                                        + " order by sampled_at")) {
            q.setString(1, meeting);
            q.setString(2, participant);
            try (java.sql.ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    streams.computeIfAbsent(
                                    rows.getLong(1)
                                            + "/"
                                            + rows.getString(2)
                                            + "/"
                                            + rows.getString(3),
                                    k -> new ArrayList<>())
                            .add(rows.getTimestamp(4).toInstant());
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return streams;
    }

    // ---- the node's view: Janus Admin API ----------------------------------------------------

    /** A media node of the test environment, by its media-node.sh name. */
    private record Node(String name, String controlUrl, String adminSecret) {
        static Node named(String name) {
            MediaNodes.Node node = MediaNodes.node(name);
            return new Node(node.name(), node.controlUrl(), node.adminSecret());
        }
    }

    /** One VideoRoom handle as handle_info shows it. */
    private record Handle(
            long session, String type, long room, String display, Map<String, long[]> packets) {}

    /**
     * Waits until, on {@code node}, each page's publisher handle receives audio and video packets
     * from its browser and each page's subscriber handle sends audio and video packets to it.
     * Subscriber handles receive nothing from a browser (they are receive-only), so what flows to
     * the page is counted as the node's out-packets on that handle.
     */
    private static void assertMediaFlows(Node node, Page host, Page guest, Duration within)
            throws Exception {
        long room = roomId(host);
        assertEquals(room, roomId(guest), "both pages are in the same room");
        List<String> people = List.of(participantId(host), participantId(guest));
        long deadline = System.nanoTime() + within.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            List<Handle> handles = handles(node, room);
            last = describe(handles);
            boolean all = true;
            for (String person : people) {
                all &= flowsBothWays(handles, person);
            }
            if (all) {
                return;
            }
            Thread.sleep(500);
        }
        fail(
                "audio and video flow both ways for "
                        + people
                        + " on node "
                        + node.name()
                        + " within "
                        + within.toSeconds()
                        + " s; the node's handles in room "
                        + room
                        + ": "
                        + last);
    }

    private static boolean flowsBothWays(List<Handle> handles, String person) {
        Handle publisher =
                handles.stream()
                        .filter(h -> h.type().equals("publisher") && person.equals(h.display()))
                        .findFirst()
                        .orElse(null);
        if (publisher == null || !received(publisher)) {
            return false;
        }
        return handles.stream()
                .filter(h -> h.session() == publisher.session() && h.type().equals("subscriber"))
                .anyMatch(MeetingBrowserIT::sent);
    }

    /** Whether the node received audio and video packets on this handle. */
    private static boolean received(Handle handle) {
        long[] audio = handle.packets().get("audio");
        long[] video = handle.packets().get("video");
        return audio != null && video != null && audio[0] > 0 && video[0] > 0;
    }

    /** Whether the node sent audio and video packets on this handle. */
    private static boolean sent(Handle handle) {
        long[] audio = handle.packets().get("audio");
        long[] video = handle.packets().get("video");
        return audio != null && video != null && audio[1] > 0 && video[1] > 0;
    }

    private static String describe(List<Handle> handles) {
        StringBuilder out = new StringBuilder();
        for (Handle h : handles) {
            out.append(String.format("%n  session %d %s %s:", h.session(), h.type(), h.display()));
            h.packets()
                    .forEach(
                            (kind, p) ->
                                    out.append(
                                            String.format(" %s in %d out %d", kind, p[0], p[1])));
        }
        return out.toString();
    }

    private static List<Handle> handles(Node node, long room) throws Exception {
        List<Handle> found = new ArrayList<>();
        for (JsonNode session : admin(node, "", "list_sessions").path("sessions")) {
            long sessionId = session.asLong();
            JsonNode listed = admin(node, "/" + sessionId, "list_handles");
            for (JsonNode handle : listed.path("handles")) {
                JsonNode info = admin(node, "/" + sessionId + "/" + handle.asLong(), "handle_info");
                JsonNode plugin = info.path("info").path("plugin_specific");
                if (plugin.path("room").asLong() != room) {
                    continue;
                }
                Map<String, long[]> packets = new HashMap<>();
                for (JsonNode media : info.path("info").path("webrtc").path("media")) {
                    long[] counts =
                            packets.computeIfAbsent(media.path("type").asText(), k -> new long[2]);
                    counts[0] += media.path("stats").path("in").path("packets").asLong();
                    counts[1] += media.path("stats").path("out").path("packets").asLong();
                }
                found.add(
                        new Handle(
                                sessionId,
                                plugin.path("type").asText(),
                                room,
                                plugin.path("display").asText(null),
                                packets));
            }
        }
        return found;
    }

    /** An Admin API request; a handle or session that went away meanwhile answers empty. */
    private static JsonNode admin(Node node, String path, String request) throws Exception {
        String body =
                JSON.writeValueAsString(
                        Map.of(
                                "janus", request,
                                "transaction", UUID.randomUUID().toString(),
                                "admin_secret", node.adminSecret()));
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(node.controlUrl() + path))
                                .timeout(Duration.ofSeconds(5))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertTrue(
                response.statusCode() == 200,
                () -> "Admin API " + request + " answers 200: " + response.body());
        JsonNode answer = JSON.readTree(response.body());
        return answer.path("janus").asText().equals("success") ? answer : JSON.createObjectNode();
    }
}

package io.chroom.it;

import static io.chroom.it.Api.as;
import static io.chroom.it.Api.newAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.it.Api.Tenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many requests at once: no errors, no lost or doubled meetings, state moves that stay legal. */
class ConcurrencyIT {

    private static final Pattern MEETING_ID = Pattern.compile("\"meeting_id\":\"([^\"]+)\"");

    private final Tenant tenant = newAccount();

    private final ExecutorService threads = Executors.newFixedThreadPool(64);

    private final HttpClient client =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .executor(threads)
                    .build();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void twoHundredParallelCreatesGiveTwoHundredDistinctMeetings() {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(
                    post("/api/meetings/create", Api.meeting("Parallel " + i, "h-" + i, 30), null));
        }
        List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();

        Map<Integer, Integer> statuses = new TreeMap<>();
        answers.forEach(a -> statuses.merge(a.statusCode(), 1, Integer::sum));
        assertEquals(Map.of(200, 200), statuses, "every one of 200 parallel creates answers 200");
        Set<String> ids = new HashSet<>();
        answers.forEach(a -> ids.add(meetingId(a.body())));
        assertEquals(200, ids.size(), "200 creates made 200 distinct meetings");

        List<String> listed = as(tenant).get("/api/meetings?limit=200").path("data.meeting_id");
        assertEquals(ids, new HashSet<>(listed), "the account holds exactly those 200 meetings");
        assertEquals(200, listed.size());
    }

    @Test
    void parallelRetriesWithOneIdempotencyKeyMakeOneMeeting() {
        String key = UUID.randomUUID().toString();
        String body = Api.meeting("Retried", "h", 30);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(post("/api/meetings/create", body, key));
        }
        List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();

        Set<String> ids = new HashSet<>();
        for (HttpResponse<String> answer : answers) {
            assertEquals(
                    200, answer.statusCode(), () -> "every retry answers 200: " + answer.body());
            ids.add(meetingId(answer.body()));
        }
        assertEquals(1, ids.size(), () -> "every retry answers the same meeting: " + ids);
        long replays =
                answers.stream()
                        .filter(a -> a.headers().firstValue("Idempotency-Replayed").isPresent())
                        .count();
        assertEquals(19, replays, "all but the first answer are replays");
        assertEquals(
                1, as(tenant).get("/api/meetings").<List<?>>path("data").size(), "one meeting");
    }

    @Test
    void parallelStartsOfOneMeetingStartItOnce() {
        String id = Api.createMeeting(tenant);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(post("/api/meetings/" + id + "/start", "", null));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        calls.stream()
                .map(CompletableFuture::join)
                .forEach(a -> statuses.merge(a.statusCode(), 1, Integer::sum));

        assertEquals(1, statuses.getOrDefault(200, 0), () -> "exactly one start: " + statuses);
        assertEquals(9, statuses.getOrDefault(409, 0), () -> "the rest conflict: " + statuses);
        assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 409), "no errors");
        assertEquals("live", as(tenant).get("/api/meetings/" + id).path("status"));
    }

    private CompletableFuture<HttpResponse<String>> post(String path, String body, String key) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(Api.URL + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + tenant.secret())
                        .POST(BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return client.sendAsync(request.build(), BodyHandlers.ofString());
    }

    private static String meetingId(String body) {
        Matcher m = MEETING_ID.matcher(body);
        assertTrue(m.find(), () -> "the answer names a meeting: " + body);
        return m.group(1);
    }
}

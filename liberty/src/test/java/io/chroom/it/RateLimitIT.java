package io.chroom.it;

import static io.chroom.it.Api.asAdmin;
import static io.chroom.it.ProblemAssert.assertNothingInternal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Rate limits: per account by tier or override, per client address for requests without a valid
 * credential, exact under parallel clients, and announced on every answer under {@code /api}.
 * Windows are clock minutes, so each test starts well inside one.
 */
class RateLimitIT {

    /** The anonymous limit the integration test server runs with (liberty/pom.xml). */
    private static final int ANONYMOUS_LIMIT = 600;

    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(30);

    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(8))
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    @AfterAll
    static void stopClients() {
        CLIENTS.shutdownNow();
    }

    /** One answer as seen on the wire: status, headers (lower-case names) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void aStandardAccountGetsExactlyOneHundredOfOneHundredFiftyParallelRequests() throws Exception {
        String key = openAccount("standard", null);
        awaitFreshMinute(20);

        List<Answer> answers = parallel(150, i -> send(key, "GET", "/api/meetings", null));

        List<Answer> ok = answers.stream().filter(a -> a.status() == 200).toList();
        List<Answer> refused = answers.stream().filter(a -> a.status() == 429).toList();
        assertEquals(100, ok.size(), () -> "successes of 150 at 100/min: " + statuses(answers));
        assertEquals(50, refused.size(), () -> "refusals of 150 at 100/min: " + statuses(answers));
        for (Answer a : answers) {
            assertEquals("100", a.header("X-RateLimit-Limit"), "every answer names the limit");
            assertNotNull(a.header("X-RateLimit-Remaining"), "every answer says what is left");
            long reset = Long.parseLong(a.header("X-RateLimit-Reset"));
            assertTrue(reset >= 1 && reset <= 60, "the reset is seconds to the window's end");
        }
        Set<Integer> remaining =
                ok.stream()
                        .map(a -> Integer.valueOf(a.header("X-RateLimit-Remaining")))
                        .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(
                IntStream.range(0, 100).boxed().collect(Collectors.toCollection(TreeSet::new)),
                remaining,
                "each admitted request sees its own remaining count, 99 down to 0");
        for (Answer a : refused) {
            assertRefusal(a);
        }
    }

    @Test
    void aPremiumAccountGetsOneThousand() throws Exception {
        String key = openAccount("premium", null);
        awaitFreshMinute(30);

        List<Answer> answers = parallel(1010, i -> send(key, "GET", "/api/meetings", null));

        long ok = answers.stream().filter(a -> a.status() == 200).count();
        long refused = answers.stream().filter(a -> a.status() == 429).count();
        assertEquals(1000, ok, () -> "successes at 1000/min: " + statuses(answers));
        assertEquals(10, refused, () -> "refusals at 1000/min: " + statuses(answers));
        assertEquals("1000", answers.get(0).header("X-RateLimit-Limit"));
    }

    @Test
    void noSpellingOfAPathNoMethodAndNoForwardedForHeaderGetsAFreshCounter() throws Exception {
        String key = openAccount("standard", 20);
        awaitFreshMinute(15);
        String[][] spellings = {
            {"GET", "/api/meetings"},
            {"GET", "/api/meetings/"},
            {"GET", "/api/MEETINGS"},
            {"GET", "/api/Meetings?limit=1"},
            {"HEAD", "/api/meetings"},
            {"OPTIONS", "/api/meetings"},
            {"POST", "/api/meetings"},
            {"DELETE", "/api/meetings"},
            {"GET", "/api/keys"},
            {"GET", "/api//meetings"},
        };

        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String[] spelling = spellings[i % spellings.length];
            Map<String, String> forwarded = Map.of("X-Forwarded-For", randomAddress());
            answers.add(send(key, spelling[0], spelling[1], forwarded));
        }

        for (int i = 0; i < 20; i++) {
            int n = i;
            assertTrue(
                    answers.get(i).status() != 429,
                    () -> "request " + n + " is within the limit of 20: " + statuses(answers));
            assertEquals(
                    Integer.toString(19 - i),
                    answers.get(i).header("X-RateLimit-Remaining"),
                    "one counter for every path, method and X-Forwarded-For");
        }
        for (int i = 20; i < 30; i++) {
            String[] spelling = spellings[i % spellings.length];
            assertEquals(
                    429,
                    answers.get(i).status(),
                    () -> String.join(" ", spelling) + " past the limit: " + statuses(answers));
        }
    }

    @Test
    void anOverriddenLimitAppliesAndTheKeyWorksAgainAfterTheReset() throws Exception {
        String key = openAccount("standard", 3);
        awaitFreshMinute(5);

        for (int i = 0; i < 3; i++) {
            assertEquals(200, send(key, "GET", "/api/meetings", null).status());
        }
        Answer refused = send(key, "GET", "/api/meetings", null);
        assertRefusal(refused);
        assertEquals("3", refused.header("X-RateLimit-Limit"), "the account's own limit");

        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        Thread.sleep(retryAfter * 1000 + 500);
        Answer again = send(key, "GET", "/api/meetings", null);
        assertEquals(200, again.status(), "after Retry-After the key works again");
        assertEquals("2", again.header("X-RateLimit-Remaining"), "a fresh window");
    }

    @Test
    void unauthenticatedRequestsCountPerSocketAddressWhateverTheyForward() throws Exception {
        String address = randomLoopback();
        awaitFreshMinute(20);

        List<Answer> answers =
                parallel(
                        ANONYMOUS_LIMIT + 20,
                        i ->
                                raw(
                                        address,
                                        i % 2 == 0 ? "/api/meetings" : "/api/Keys/",
                                        i % 3 == 0 ? null : "Bearer chr_notAKey" + i,
                                        randomAddress()));

        long unauthorized = answers.stream().filter(a -> a.status() == 401).count();
        long refused = answers.stream().filter(a -> a.status() == 429).count();
        assertEquals(
                ANONYMOUS_LIMIT,
                unauthorized,
                () -> "401s within the address's limit: " + statuses(answers));
        assertEquals(20, refused, () -> "429s past the address's limit: " + statuses(answers));
        for (Answer a : answers) {
            assertEquals(
                    Integer.toString(ANONYMOUS_LIMIT),
                    a.header("X-RateLimit-Limit"),
                    "a 401 carries the rate limit headers too");
            assertNotNull(a.header("X-RateLimit-Remaining"));
            assertNotNull(a.header("X-RateLimit-Reset"));
        }
        answers.stream().filter(a -> a.status() == 429).forEach(RateLimitIT::assertRefusal);

        Answer elsewhere = raw(randomLoopback(), "/api/meetings", null, address);
        assertEquals(401, elsewhere.status(), "another address has a counter of its own");
        assertEquals(
                Integer.toString(ANONYMOUS_LIMIT - 1),
                elsewhere.header("X-RateLimit-Remaining"),
                "naming the limited address in X-Forwarded-For does not reach its counter");
    }

    private static void assertRefusal(Answer a) {
        assertEquals(429, a.status());
        assertTrue(
                a.header("Content-Type").startsWith("application/problem+json"),
                () -> "a 429 is a problem document: " + a.header("Content-Type"));
        assertTrue(a.body().contains("\"status\":429"), () -> "its status member: " + a.body());
        assertTrue(a.body().contains("\"type\""), () -> "its type member: " + a.body());
        assertNothingInternal(a.body());
        long retryAfter = Long.parseLong(a.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After in seconds: " + retryAfter);
        assertEquals("0", a.header("X-RateLimit-Remaining"));
        assertEquals(a.header("X-RateLimit-Reset"), a.header("Retry-After"));
    }

    /** Opens an account of {@code tier} (with its own limit, if given) and answers its key. */
    private static String openAccount(String tier, Integer limit) {
        String body =
                "{\"name\": \"rate-"
                        + UUID.randomUUID()
                        + "\", \"tier\": \""
                        + tier
                        + "\""
                        + (limit == null ? "" : ", \"rate_limit_per_minute\": " + limit)
                        + "}";
        Response created =
                asAdmin().contentType("application/json").body(body).post("/api/accounts");
        assertEquals(201, created.statusCode(), () -> "opening an account: " + created.asString());
        return created.path("first_key.secret");
    }

    /** Waits for the next clock minute unless at least {@code seconds} are left of this one. */
    private static void awaitFreshMinute(int seconds) throws InterruptedException {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (60_000 - intoMinute < seconds * 1000L) {
            Thread.sleep(60_000 - intoMinute + 200);
        }
    }

    private static List<Answer> parallel(int count, IntFunction<Answer> request) throws Exception {
        List<Future<Answer>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            futures.add(CLIENTS.submit(() -> request.apply(n)));
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> f : futures) {
            answers.add(f.get());
        }
        return answers;
    }

    private static Answer send(String key, String method, String path, Map<String, String> extra) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(Api.URL + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + key);
        if (extra != null) {
            extra.forEach(request::header);
        }
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response =
                    HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new HashMap<>();
            response.headers()
                    .map()
                    .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            return new Answer(response.statusCode(), headers, response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    /**
     * A GET from a chosen loopback source address, written by hand so that the server's socket sees
     * exactly that address.
     */
    private static Answer raw(String source, String path, String authorization, String forwarded) {
        URI base = URI.create(Api.URL);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5000);
            socket.setSoTimeout(30_000);
            StringBuilder request =
                    new StringBuilder("GET " + path + " HTTP/1.1\r\n")
                            .append("Host: localhost:" + base.getPort() + "\r\n")
                            .append("Connection: close\r\n");
            if (authorization != null) {
                request.append("Authorization: ").append(authorization).append("\r\n");
            }
            if (forwarded != null) {
                request.append("X-Forwarded-For: ").append(forwarded).append("\r\n");
                request.append("Forwarded: for=").append(forwarded).append("\r\n");
                request.append("X-Real-IP: ").append(forwarded).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " from " + source + " failed", e);
        }
    }

    private static Answer parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end));
    }

    private static String randomLoopback() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(1, 255) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
    }

    private static String randomAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "203.0.113." + r.nextInt(1, 255);
    }

    private static String statuses(List<Answer> answers) {
        return answers.stream()
                .collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()))
                .toString();
    }
}

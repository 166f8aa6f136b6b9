import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Offers media statistics events to /ingest/janus at a fixed rate, as Janus's sample event
 * handler posts them (grouped, 500 events a batch), from several senders on a fixed schedule, and
 * prints what was offered, what the server accepted, the batch latencies, and how far the senders
 * fell behind their schedule (a server that keeps up leaves no backlog).
 *
 * <p>Arguments: url credential rate seconds tokens (comma-separated media tokens to attach with).
 */
public final class IngestLoad {

    static final int BATCH = 500;
    static final int SENDERS = 16;
    static final int HANDLES_PER_TOKEN = 50;

    public static void main(String[] args) throws Exception {
        String url = args[0] + "/ingest/janus";
        String auth =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        ("bench:" + args[1]).getBytes(StandardCharsets.UTF_8));
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        String[] tokens = args[4].split(",");
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .executor(Executors.newFixedThreadPool(SENDERS))
                        .build();
        long base = System.nanoTime() % 1_000_000_000L * 1000 + 1;

        // Attach the handles first, as Janus reports them before any statistics.
        List<long[]> handles = new ArrayList<>();
        StringBuilder attach = new StringBuilder("[");
        long now = System.currentTimeMillis() * 1000;
        for (int t = 0; t < tokens.length; t++) {
            for (int h = 0; h < HANDLES_PER_TOKEN; h++) {
                long session = base + t * 1000L + h;
                long handle = session + 500_000_000L;
                handles.add(new long[] {session, handle});
                if (attach.length() > 1) {
                    attach.append(',');
                }
                attach.append("{\"type\":2,\"timestamp\":").append(now)
                        .append(",\"session_id\":").append(session)
                        .append(",\"handle_id\":").append(handle)
                        .append(",\"event\":{\"name\":\"attached\",\"plugin\":")
                        .append("\"janus.plugin.videoroom\",\"token\":\"")
                        .append(tokens[t]).append("\"}}");
            }
        }
        attach.append(']');
        HttpResponse<String> attached = http.send(post(url, auth, attach.toString()),
                HttpResponse.BodyHandlers.ofString());
        if (attached.statusCode() != 204) {
            throw new IllegalStateException("attach refused: " + attached.statusCode() + " "
                    + attached.body());
        }

        int batchesPerSecond = Math.max(1, rate / BATCH);
        int total = batchesPerSecond * seconds;
        long intervalNanos = 1_000_000_000L / batchesPerSecond;
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong worstLagNanos = new AtomicLong();
        AtomicLong counter = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        long start = System.nanoTime();
        for (int s = 0; s < SENDERS; s++) {
            senders.submit(() -> {
                long i;
                while ((i = counter.getAndIncrement()) < total) {
                    long due = start + i * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            return null;
                        }
                    } else {
                        worstLagNanos.accumulateAndGet(-wait, Math::max);
                    }
                    String body = batch(handles, i);
                    long sent = System.nanoTime();
                    HttpResponse<Void> answer = http.send(post(url, auth, body),
                            HttpResponse.BodyHandlers.discarding());
                    latencies.add(System.nanoTime() - sent);
                    if (answer.statusCode() == 204) {
                        accepted.addAndGet(BATCH);
                    } else {
                        failed.incrementAndGet();
                    }
                }
                return null;
            });
        }
        senders.shutdown();
        senders.awaitTermination(seconds + 600L, java.util.concurrent.TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(
                "INGEST offered_per_s=%d offered=%d accepted=%d failed_batches=%d elapsed_s=%.1f"
                        + " accepted_per_s=%.0f batch_p50_ms=%.1f batch_p99_ms=%.1f"
                        + " worst_schedule_lag_ms=%.0f%n",
                batchesPerSecond * BATCH, (long) total * BATCH, accepted.get(), failed.get(),
                elapsed, accepted.get() / elapsed, pct(sorted, 0.50), pct(sorted, 0.99),
                worstLagNanos.get() / 1e6);
        System.exit(0);
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1,
                Math.floor(p * sorted.size()))) / 1e6;
    }

    private static HttpRequest post(String url, String auth, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Batch i: 500 audio and video statistics of successive handles, counters growing. */
    private static String batch(List<long[]> handles, long i) {
        StringBuilder out = new StringBuilder(BATCH * 520).append('[');
        long now = System.currentTimeMillis() * 1000;
        for (int k = 0; k < BATCH; k++) {
            long n = i * BATCH + k;
            long[] h = handles.get((int) (n % handles.size()));
            long round = n / handles.size();
            boolean audio = (n & 1) == 0;
            if (k > 0) {
                out.append(',');
            }
            out.append("{\"type\":32,\"subtype\":3,\"timestamp\":").append(now + k)
                    .append(",\"session_id\":").append(h[0])
                    .append(",\"handle_id\":").append(h[1])
                    .append(",\"event\":{\"mid\":\"").append(audio ? '0' : '1')
                    .append("\",\"mindex\":").append(audio ? 0 : 1)
                    .append(",\"media\":\"").append(audio ? "audio" : "video")
                    .append("\",\"codec\":\"").append(audio ? "opus" : "vp8")
                    .append("\",\"base\":").append(audio ? 48000 : 90000)
                    .append(",\"rtt\":").append(20 + n % 30)
                    .append(",\"lost\":").append(round / 10)
                    .append(",\"lost-by-remote\":0,\"jitter-local\":").append(3 + n % 7)
                    .append(",\"jitter-remote\":0,\"in-link-quality\":100,")
                    .append("\"in-media-link-quality\":100,\"out-link-quality\":0,")
                    .append("\"out-media-link-quality\":0,\"packets-received\":")
                    .append(round * 250)
                    .append(",\"packets-sent\":0,\"bytes-received\":").append(round * 20_000)
                    .append(",\"bytes-sent\":0,\"bytes-received-lastsec\":4000,")
                    .append("\"bytes-sent-lastsec\":0,\"nacks-received\":0,\"nacks-sent\":")
                    .append(round / 20).append(",\"retransmissions-received\":0}}");
        }
        return out.append(']').toString();
    }
}

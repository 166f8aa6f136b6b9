package io.chroom.media.outbound;

import io.chroom.media.api.MediaNodeAddress;
import io.chroom.media.api.MediaNodeException;
import io.chroom.media.api.NodeInfo;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Speaks the Janus WebRTC Server Admin API (JSON over HTTP POST) to one node. The HTTP client and
 * its keep-alive sockets are the physical connection the container pools.
 */
final class JanusAdminClient implements NodeControlClient {

    private static final SecureRandom TRANSACTIONS = new SecureRandom();

    private final MediaNodeAddress address;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient http;

    JanusAdminClient(MediaNodeAddress address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
        this.executor =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread thread = new Thread(r, "chroom-media-" + address.controlUrl());
                            thread.setDaemon(true);
                            return thread;
                        });
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .executor(executor)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    @Override
    public NodeInfo info() {
        JsonObject info = call(Json.createObjectBuilder().add("janus", "info"));
        JsonObject sessions = call(Json.createObjectBuilder().add("janus", "list_sessions"));
        return new NodeInfo(
                info.getString("name", "Janus"),
                info.getString("version_string", String.valueOf(info.getInt("version", 0))),
                sessions.containsKey("sessions") ? sessions.getJsonArray("sessions").size() : 0,
                0,
                0);
    }

    // Operations below are implemented with the Janus Admin API by the media-node work.
    @Override
    public boolean createRoom(io.chroom.media.api.RoomSpec room) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void destroyRoom(long roomId, String roomSecret) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean roomExists(long roomId) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public java.util.List<io.chroom.media.api.RoomParticipant> participants(long roomId) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void kick(long roomId, String roomSecret, long participantId) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void moderate(
            long roomId, String roomSecret, long participantId, String kind, boolean mute) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void grant(String token) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void revoke(String token) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public java.util.List<String> grantedTokens() {
        throw new UnsupportedOperationException("not yet");
    }

    private JsonObject call(JsonObjectBuilder request) {
        URI node = address.controlUrl();
        String body =
                request.add("transaction", transactionId())
                        .add("admin_secret", address.adminSecret())
                        .build()
                        .toString();
        HttpRequest httpRequest =
                HttpRequest.newBuilder(node)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();

        HttpResponse<String> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new MediaNodeException(node, "Media node did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaNodeException(node, "Interrupted while waiting for the media node", e);
        }
        if (response.statusCode() != 200) {
            throw new MediaNodeException(node, "Media node answered HTTP " + response.statusCode());
        }

        JsonObject answer;
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            answer = reader.readObject();
        } catch (JsonParsingException e) {
            throw new MediaNodeException(node, "Media node answered something other than JSON", e);
        }
        if ("error".equals(answer.getString("janus", ""))) {
            JsonObject error = answer.getJsonObject("error");
            throw new MediaNodeException(
                    node,
                    "Media node refused the request: "
                            + (error == null ? "unknown error" : error.getString("reason", "")));
        }
        return answer;
    }

    private static String transactionId() {
        byte[] bytes = new byte[12];
        TRANSACTIONS.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

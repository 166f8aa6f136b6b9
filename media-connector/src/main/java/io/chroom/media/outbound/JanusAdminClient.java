package io.chroom.media.outbound;

import io.chroom.media.api.HandleInfo;
import io.chroom.media.api.MediaNodeAddress;
import io.chroom.media.api.MediaNodeException;
import io.chroom.media.api.NodeInfo;
import io.chroom.media.api.RoomParticipant;
import io.chroom.media.api.RoomSpec;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Speaks the Janus WebRTC Server Admin API (JSON over HTTP POST) to one node. The HTTP client and
 * its keep-alive sockets are the physical connection the container pools. Rooms are VideoRoom
 * rooms, reached through the Admin API's {@code message_plugin} with the node's admin secret as the
 * plugin's {@code admin_key}; access tokens are Janus core tokens ({@code token_auth}). Public so
 * that the inbound probe can use it too.
 */
public final class JanusAdminClient implements NodeControlClient {

    private static final Logger LOG = Logger.getLogger(JanusAdminClient.class.getName());
    private static final SecureRandom TRANSACTIONS = new SecureRandom();
    private static final String VIDEOROOM = "janus.plugin.videoroom";

    // VideoRoom error codes (janus_videoroom.c) that some operations treat as an answer.
    private static final int NO_SUCH_ROOM = 426;
    private static final int ROOM_EXISTS = 427;
    private static final int NO_SUCH_PARTICIPANT = 428;

    // Janus core error codes (apierror.h) for a session or handle that is gone.
    private static final int NO_SUCH_SESSION = 458;
    private static final int NO_SUCH_HANDLE = 459;

    private final MediaNodeAddress address;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient http;

    public JanusAdminClient(MediaNodeAddress address, Duration timeout) {
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
        JsonObject rooms = videoroom("list", Json.createObjectBuilder().add("admin_key", key()));

        JsonArray list = rooms.getJsonArray("list");
        int participants = 0;
        for (JsonObject room : list.getValuesAs(JsonObject.class)) {
            participants += room.getInt("num_participants", 0);
        }
        return new NodeInfo(
                info.getString("name", "Janus"),
                info.getString("version_string", String.valueOf(info.getInt("version", 0))),
                sessions.containsKey("sessions") ? sessions.getJsonArray("sessions").size() : 0,
                list.size(),
                participants);
    }

    @Override
    public boolean createRoom(RoomSpec room) {
        JsonObjectBuilder body =
                Json.createObjectBuilder()
                        .add("admin_key", key())
                        .add("room", room.roomId())
                        .add("description", descriptionOf(room))
                        .add("secret", room.secret())
                        .add("publishers", room.maxPublishers())
                        .add("require_e2ee", room.requireE2ee())
                        .add("permanent", false)
                        .add("audiocodec", "opus")
                        .add("videocodec", "vp8");
        if (room.pin() != null) {
            body.add("pin", room.pin());
        }

        JsonObject answer = videoroom("create", body, ROOM_EXISTS);
        boolean created = !answer.containsKey("error_code");
        LOG.log(
                Level.FINE,
                "Room {0} on {1}: {2}",
                new Object[] {
                    room.roomId(), address.controlUrl(), created ? "created" : "already there"
                });
        return created;
    }

    @Override
    public void destroyRoom(long roomId, String roomSecret) {
        videoroom(
                "destroy",
                Json.createObjectBuilder()
                        .add("room", roomId)
                        .add("secret", roomSecret)
                        .add("permanent", false),
                NO_SUCH_ROOM);
    }

    @Override
    public boolean roomExists(long roomId) {
        return videoroom("exists", Json.createObjectBuilder().add("room", roomId))
                .getBoolean("exists", false);
    }

    @Override
    public List<RoomParticipant> participants(long roomId) {
        JsonObject answer =
                videoroom(
                        "listparticipants",
                        Json.createObjectBuilder().add("room", roomId),
                        NO_SUCH_ROOM);
        if (answer.containsKey("error_code")) {
            return List.of();
        }
        List<RoomParticipant> participants = new ArrayList<>();
        for (JsonObject one : answer.getJsonArray("participants").getValuesAs(JsonObject.class)) {
            participants.add(
                    new RoomParticipant(
                            one.getJsonNumber("id").longValue(),
                            one.getString("display", ""),
                            one.getBoolean("publisher", false)));
        }
        return List.copyOf(participants);
    }

    @Override
    public void kick(long roomId, String roomSecret, long participantId) {
        videoroom(
                "kick",
                Json.createObjectBuilder()
                        .add("room", roomId)
                        .add("secret", roomSecret)
                        .add("id", participantId),
                NO_SUCH_ROOM,
                NO_SUCH_PARTICIPANT);
    }

    /**
     * VideoRoom mutes per stream ({@code mid}), and only the Admin API's view of the publisher's
     * handle tells which of its streams carry audio or video, so the publisher is looked up first.
     */
    @Override
    public void moderate(
            long roomId, String roomSecret, long participantId, String kind, boolean mute) {
        if (!"audio".equals(kind) && !"video".equals(kind)) {
            throw new IllegalArgumentException("kind must be audio or video, not " + kind);
        }

        List<String> mids = new ArrayList<>();
        for (JsonObject stream : publisherStreams(roomId, participantId)) {
            if (kind.equals(stream.getString("type", "")) && stream.containsKey("mid")) {
                mids.add(stream.getString("mid"));
            }
        }
        if (mids.isEmpty()) {
            LOG.log(
                    Level.FINE,
                    "Participant {0} in room {1} on {2} sends no {3}; nothing to moderate",
                    new Object[] {participantId, roomId, address.controlUrl(), kind});
            return;
        }

        for (String mid : mids) {
            videoroom(
                    "moderate",
                    Json.createObjectBuilder()
                            .add("room", roomId)
                            .add("secret", roomSecret)
                            .add("id", participantId)
                            .add("mid", mid)
                            .add("mute", mute));
        }
    }

    private List<JsonObject> publisherStreams(long roomId, long participantId) {
        JsonObject sessions = call(Json.createObjectBuilder().add("janus", "list_sessions"));
        for (JsonNumber session : sessions.getJsonArray("sessions").getValuesAs(JsonNumber.class)) {
            JsonObject handles =
                    call(
                            Json.createObjectBuilder()
                                    .add("janus", "list_handles")
                                    .add("session_id", session.longValue()));
            for (JsonNumber handle :
                    handles.getJsonArray("handles").getValuesAs(JsonNumber.class)) {
                JsonObject info =
                        call(Json.createObjectBuilder()
                                        .add("janus", "handle_info")
                                        .add("session_id", session.longValue())
                                        .add("handle_id", handle.longValue()))
                                .getJsonObject("info");
                JsonObject plugin = info == null ? null : info.getJsonObject("plugin_specific");
                if (plugin != null
                        && VIDEOROOM.equals(info.getString("plugin", ""))
                        && "publisher".equals(plugin.getString("type", ""))
                        && isNumber(plugin, "room", roomId)
                        && isNumber(plugin, "id", participantId)) {
                    return plugin.containsKey("streams")
                            ? plugin.getJsonArray("streams").getValuesAs(JsonObject.class)
                            : List.of();
                }
            }
        }
        throw new MediaNodeException(
                address.controlUrl(),
                "Participant " + participantId + " is not publishing in room " + roomId);
    }

    private static boolean isNumber(JsonObject object, String name, long expected) {
        return object.get(name) instanceof JsonNumber number && number.longValue() == expected;
    }

    @Override
    public void grant(String token) {
        call(
                Json.createObjectBuilder()
                        .add("janus", "add_token")
                        .add("token", token)
                        .add("plugins", Json.createArrayBuilder().add(VIDEOROOM)));
    }

    @Override
    public void revoke(String token) {
        // Janus answers a plain error for a token it does not hold; only then is that no error.
        if (grantedTokens().contains(token)) {
            call(Json.createObjectBuilder().add("janus", "remove_token").add("token", token));
        }
    }

    @Override
    public List<String> grantedTokens() {
        JsonObject answer = call(Json.createObjectBuilder().add("janus", "list_tokens"));
        List<String> tokens = new ArrayList<>();
        for (JsonObject token :
                answer.getJsonObject("data").getJsonArray("tokens").getValuesAs(JsonObject.class)) {
            tokens.add(token.getString("token"));
        }
        return List.copyOf(tokens);
    }

    @Override
    public Map<Long, List<Long>> handles() {
        JsonObject sessions = call(Json.createObjectBuilder().add("janus", "list_sessions"));
        Map<Long, List<Long>> handles = new LinkedHashMap<>();
        for (JsonNumber session : sessions.getJsonArray("sessions").getValuesAs(JsonNumber.class)) {
            JsonObject listed =
                    call(
                            Json.createObjectBuilder()
                                    .add("janus", "list_handles")
                                    .add("session_id", session.longValue()),
                            NO_SUCH_SESSION);
            if (listed == null) {
                continue; // the session ended since it was listed
            }
            List<Long> ids = new ArrayList<>();
            for (JsonNumber handle : listed.getJsonArray("handles").getValuesAs(JsonNumber.class)) {
                ids.add(handle.longValue());
            }
            handles.put(session.longValue(), List.copyOf(ids));
        }
        return handles;
    }

    @Override
    public Optional<HandleInfo> handleInfo(long sessionId, long handleId) {
        JsonObject answer =
                call(
                        Json.createObjectBuilder()
                                .add("janus", "handle_info")
                                .add("session_id", sessionId)
                                .add("handle_id", handleId),
                        NO_SUCH_SESSION,
                        NO_SUCH_HANDLE);
        Instant at = Instant.now();
        if (answer == null || answer.getJsonObject("info") == null) {
            return Optional.empty();
        }
        return Optional.of(
                JanusHandleInfo.read(sessionId, handleId, answer.getJsonObject("info"), at));
    }

    /**
     * Sends one request to the VideoRoom plugin through the Admin API and answers the plugin's
     * response; a plugin error is thrown unless its code is one of {@code tolerated}, in which case
     * the response (holding {@code error_code}) is answered for the caller to interpret.
     */
    private JsonObject videoroom(String request, JsonObjectBuilder body, int... tolerated) {
        JsonObject answer =
                call(
                        Json.createObjectBuilder()
                                .add("janus", "message_plugin")
                                .add("plugin", VIDEOROOM)
                                .add("request", body.add("request", request)));
        JsonObject response = answer.getJsonObject("response");
        if (response == null) {
            throw new MediaNodeException(
                    address.controlUrl(), "Media node's room plugin gave no answer to " + request);
        }
        if (response.containsKey("error_code")) {
            int code = response.getInt("error_code");
            for (int allowed : tolerated) {
                if (code == allowed) {
                    return response;
                }
            }
            throw new MediaNodeException(
                    address.controlUrl(),
                    "Media node's room plugin refused "
                            + request
                            + ": "
                            + response.getString("error", "unknown error")
                            + " (code "
                            + code
                            + ")");
        }
        return response;
    }

    private String key() {
        return address.adminSecret();
    }

    private static String descriptionOf(RoomSpec room) {
        return room.description() == null ? "Room " + room.roomId() : room.description();
    }

    /**
     * Sends one Admin API request and answers the node's answer; an error is thrown unless its code
     * is one of {@code tolerated}, for which {@code null} is answered.
     */
    private JsonObject call(JsonObjectBuilder request, int... tolerated) {
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
            int code = error == null ? 0 : error.getInt("code", 0);
            for (int allowed : tolerated) {
                if (code == allowed) {
                    return null;
                }
            }
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

package io.chroom.media.inbound;

import io.chroom.media.api.NodeReport;
import io.chroom.media.api.NodeReports.MalformedReportException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the events Janus's event handlers post (the format of {@code janus_events_notify_handlers}
 * in Janus's {@code events.c}): an object with {@code type}, {@code subtype}, {@code timestamp} (µs
 * since the epoch), {@code session_id}, {@code handle_id}, {@code opaque_id} and an {@code event}
 * body, or an array of them when the handler groups events.
 *
 * <p>Analytics needs three kinds: handle events (type 2: {@code attached}, {@code detached}, with
 * the attaching token), session events (type 1: {@code destroyed}, {@code timeout}) and media
 * statistics (type 32, subtype 3, one stream per event, or an array of streams when Janus combines
 * them). Others are skipped.
 */
public final class JanusEventReader {

    static final int SESSION = 1;
    static final int HANDLE = 2;
    static final int MEDIA = 32;
    static final int MEDIA_STATS = 3;

    private JanusEventReader() {}

    public static List<NodeReport> read(InputStream body) {
        JsonValue root;
        try (var reader = Json.createReader(body)) {
            root = reader.readValue();
        } catch (JsonParsingException e) {
            throw new MalformedReportException("The body is not JSON: " + e.getMessage(), e);
        } catch (JsonException e) {
            throw new MalformedReportException("The body could not be read", e);
        }
        List<NodeReport> reports = new ArrayList<>();
        if (root instanceof JsonArray array) {
            for (JsonValue event : array) {
                read(event, reports);
            }
        } else {
            read(root, reports);
        }
        return reports;
    }

    private static void read(JsonValue value, List<NodeReport> into) {
        if (!(value instanceof JsonObject event)) {
            throw new MalformedReportException("An event is not a JSON object", null);
        }
        int type = (int) number(event, "type", -1);
        if (type < 0) {
            throw new MalformedReportException("An event has no type", null);
        }
        long micros = number(event, "timestamp", -1);
        Instant at =
                micros < 0
                        ? Instant.now()
                        : Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
        long session = number(event, "session_id", 0);
        long handle = number(event, "handle_id", 0);
        String opaqueId = text(event, "opaque_id");
        JsonValue body = event.get("event");
        switch (type) {
            case HANDLE -> {
                if (body instanceof JsonObject b && handle != 0) {
                    String name = text(b, "name");
                    if ("attached".equals(name) || "detached".equals(name)) {
                        into.add(
                                new NodeReport.HandleChange(
                                        at,
                                        session,
                                        handle,
                                        "attached".equals(name),
                                        text(b, "token"),
                                        opaqueId != null ? opaqueId : text(b, "opaque_id")));
                    }
                }
            }
            case SESSION -> {
                if (body instanceof JsonObject b && session != 0) {
                    String name = text(b, "name");
                    if ("destroyed".equals(name) || "timeout".equals(name)) {
                        into.add(new NodeReport.SessionEnded(at, session));
                    }
                }
            }
            case MEDIA -> {
                if (number(event, "subtype", 0) != MEDIA_STATS || handle == 0) {
                    return;
                }
                if (body instanceof JsonArray streams) {
                    for (JsonValue stream : streams) {
                        if (stream instanceof JsonObject s) {
                            stats(at, session, handle, opaqueId, s, into);
                        }
                    }
                } else if (body instanceof JsonObject s) {
                    stats(at, session, handle, opaqueId, s, into);
                }
            }
            default -> {
                // JSEP, WebRTC state, plugin, transport and core events carry nothing we keep.
            }
        }
    }

    private static void stats(
            Instant at,
            long session,
            long handle,
            String opaqueId,
            JsonObject s,
            List<NodeReport> into) {
        String media = text(s, "media");
        if (media == null || media.equals("data")) {
            return;
        }
        into.add(
                new NodeReport.StreamStats(
                        at,
                        session,
                        handle,
                        opaqueId,
                        text(s, "mid") == null ? media : text(s, "mid"),
                        media,
                        text(s, "codec"),
                        optional(s, "rtt"),
                        optional(s, "lost"),
                        optional(s, "lost-by-remote"),
                        optional(s, "jitter-local"),
                        optional(s, "jitter-remote"),
                        number(s, "packets-received", 0),
                        number(s, "packets-sent", 0),
                        number(s, "bytes-received", 0),
                        number(s, "bytes-sent", 0),
                        optional(s, "bytes-received-lastsec"),
                        optional(s, "bytes-sent-lastsec"),
                        optional(s, "nacks-received"),
                        optional(s, "nacks-sent")));
    }

    private static long number(JsonObject o, String name, long otherwise) {
        Long value = optional(o, name);
        return value == null ? otherwise : value;
    }

    private static Long optional(JsonObject o, String name) {
        JsonValue value = o.get(name);
        if (value instanceof JsonNumber n) {
            return n.longValue();
        }
        if (value != null && value.getValueType() != JsonValue.ValueType.NULL) {
            throw new MalformedReportException(name + " is not a number", null);
        }
        return null;
    }

    private static String text(JsonObject o, String name) {
        JsonValue value = o.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }
}

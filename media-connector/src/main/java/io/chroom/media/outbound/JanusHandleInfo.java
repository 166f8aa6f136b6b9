package io.chroom.media.outbound;

import io.chroom.media.api.HandleInfo;
import io.chroom.media.api.NodeReport.StreamStats;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code info} of a Janus Admin API {@code handle_info} answer (Janus 1.x, {@code
 * janus_admin_peerconnection_medium_summary} in {@code janus.c}) into the statistics the node's
 * media statistics events carry. Each medium under {@code webrtc.media} has RTCP figures per layer
 * ({@code rtcp.main}, {@code rtcp.sim1}, {@code rtcp.sim2}) and packet counters ({@code stats.in},
 * {@code stats.out}); the event for layer {@code n} exists exactly when its RTCP figures do, so a
 * layer without them is left out here too. The node counts what it sends on the main layer only.
 */
final class JanusHandleInfo {

    private static final String[] LAYERS = {"main", "sim1", "sim2"};

    private JanusHandleInfo() {}

    static HandleInfo read(long sessionId, long handleId, JsonObject info, Instant at) {
        String opaqueId = text(info, "opaque_id");
        List<StreamStats> streams = new ArrayList<>();
        JsonObject media = object(object(info, "webrtc"), "media");
        if (media != null) {
            for (JsonValue value : media.values()) {
                if (value instanceof JsonObject medium) {
                    read(at, sessionId, handleId, opaqueId, medium, streams);
                }
            }
        }
        return new HandleInfo(at, sessionId, handleId, opaqueId, streams);
    }

    private static void read(
            Instant at,
            long sessionId,
            long handleId,
            String opaqueId,
            JsonObject medium,
            List<StreamStats> into) {
        String type = text(medium, "type");
        if (!"audio".equals(type) && !"video".equals(type)) {
            return;
        }
        String mid = text(medium, "mid") == null ? type : text(medium, "mid");
        String codec = text(object(medium, "codecs"), "codec");
        JsonObject rtcp = object(medium, "rtcp");
        JsonObject in = object(object(medium, "stats"), "in");
        JsonObject out = object(object(medium, "stats"), "out");
        for (int layer = 0; layer < LAYERS.length; layer++) {
            JsonObject figures = object(rtcp, LAYERS[layer]);
            if (figures == null) {
                continue;
            }
            boolean main = layer == 0;
            JsonObject received = main ? in : object(in, "video-simulcast-" + layer);
            into.add(
                    new StreamStats(
                            at,
                            sessionId,
                            handleId,
                            opaqueId,
                            mid,
                            main ? type : "video-sim" + layer,
                            codec,
                            main ? number(figures, "rtt") : null,
                            number(figures, "lost"),
                            number(figures, "lost-by-remote"),
                            number(figures, "jitter-local"),
                            number(figures, "jitter-remote"),
                            orZero(number(received, "packets")),
                            main ? orZero(number(out, "packets")) : 0,
                            orZero(number(received, "bytes")),
                            main ? orZero(number(out, "bytes")) : 0,
                            number(received, "bytes_lastsec"),
                            main ? number(out, "bytes_lastsec") : null,
                            // Janus lists NACKs only for streams that negotiated them.
                            orZero(number(received, "nacks")),
                            main ? orZero(number(out, "nacks")) : null));
        }
    }

    private static JsonObject object(JsonObject parent, String name) {
        return parent != null && parent.get(name) instanceof JsonObject o ? o : null;
    }

    private static Long number(JsonObject parent, String name) {
        return parent != null && parent.get(name) instanceof JsonNumber n ? n.longValue() : null;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static String text(JsonObject parent, String name) {
        return parent != null && parent.get(name) instanceof JsonString s ? s.getString() : null;
    }
}

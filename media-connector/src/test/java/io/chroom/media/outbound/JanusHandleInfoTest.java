package io.chroom.media.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.media.api.HandleInfo;
import io.chroom.media.api.NodeReport;
import io.chroom.media.api.NodeReports;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JanusHandleInfoTest {

    /** A publisher's handle as Janus 1.1's handle_info shows it: audio, and video with a layer. */
    private static final String INFO =
            """
            {"session_id":11,"handle_id":22,"opaque_id":"chroom-m1-u-7",
             "plugin":"janus.plugin.videoroom","flags":{"ready":true},
             "webrtc":{"ice":{"state":"connected"},"dtls":{"dtls-state":"connected"},
              "media":{
               "0":{"type":"audio","mindex":0,"mid":"0","do_nacks":false,
                    "codecs":{"pt":111,"codec":"opus"},
                    "rtcp":{"main":{"base":48000,"rtt":12,"lost":3,"lost-by-remote":1,
                            "jitter-local":4,"jitter-remote":5,"in-link-quality":100,
                            "in-media-link-quality":100,"out-link-quality":0,
                            "out-media-link-quality":0}},
                    "stats":{"in":{"packets":250,"bytes":20000,"bytes_lastsec":4000},
                             "out":{"packets":7,"bytes":900,"bytes_lastsec":100,"nacks":2}}},
               "1":{"type":"video","mindex":1,"mid":"1","do_nacks":true,
                    "codecs":{"pt":96,"codec":"vp8"},
                    "rtcp":{"main":{"base":90000,"rtt":15,"lost":0,"lost-by-remote":0,
                            "jitter-local":9,"jitter-remote":0},
                            "sim1":{"base":90000,"lost":2,"lost-by-remote":0,
                            "jitter-local":11,"jitter-remote":0}},
                    "stats":{"in":{"packets":900,"bytes":800000,"bytes_lastsec":60000,
                                   "nacks":6,"retransmissions":1,
                                   "video-simulcast-1":{"packets":300,"bytes":90000,
                                   "bytes_lastsec":9000,"nacks":1}},
                             "out":{"packets":0,"bytes":0,"bytes_lastsec":0,"nacks":0}}},
               "2":{"type":"data","mindex":2,"mid":"2",
                    "stats":{"in":{"packets":3,"bytes":120},"out":{"packets":3,"bytes":90}}}}}}
            """;

    /** The node's own statistics events for the same moment: what the event path stores. */
    private static final String EVENTS =
            """
            [{"type":32,"subtype":3,"timestamp":1765000005000000,"session_id":11,"handle_id":22,
              "opaque_id":"chroom-m1-u-7",
              "event":[{"mid":"0","mindex":0,"media":"audio","codec":"opus","base":48000,
                        "rtt":12,"lost":3,"lost-by-remote":1,"jitter-local":4,"jitter-remote":5,
                        "packets-received":250,"packets-sent":7,"bytes-received":20000,
                        "bytes-sent":900,"bytes-received-lastsec":4000,"bytes-sent-lastsec":100,
                        "nacks-received":0,"nacks-sent":2,"retransmissions-received":0},
                       {"mid":"1","mindex":1,"media":"video","codec":"vp8","base":90000,
                        "rtt":15,"lost":0,"lost-by-remote":0,"jitter-local":9,
                        "jitter-remote":0,"packets-received":900,"packets-sent":0,
                        "bytes-received":800000,"bytes-sent":0,"bytes-received-lastsec":60000,
                        "bytes-sent-lastsec":0,"nacks-received":6,"nacks-sent":0,
                        "retransmissions-received":1},
                       {"mid":"1","mindex":1,"media":"video-sim1","codec":"vp8","base":90000,
                        "lost":2,"lost-by-remote":0,"jitter-local":11,"jitter-remote":0,
                        "packets-received":300,"packets-sent":0,"bytes-received":90000,
                        "bytes-sent":0,"bytes-received-lastsec":9000,
                        "nacks-received":1,"retransmissions-received":0}]}]
            """;

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void aPolledHandleGivesTheStatisticsItsEventsWouldHaveCarried() {
        Instant at = Instant.parse("2025-12-06T05:46:45Z");

        HandleInfo info = JanusHandleInfo.read(11, 22, json(INFO), at);
        List<NodeReport> events =
                NodeReports.read(new ByteArrayInputStream(EVENTS.getBytes(StandardCharsets.UTF_8)));

        assertEquals("chroom-m1-u-7", info.opaqueId());
        assertEquals(3, info.streams().size(), "audio, video and its layer; data has no stats");
        for (int i = 0; i < events.size(); i++) {
            var fromEvent = (NodeReport.StreamStats) events.get(i);
            var polled = info.streams().get(i);
            assertEquals(at, polled.at(), "a poll is stamped when the node answered");
            assertEquals(withTime(fromEvent, at), polled, "stream " + i + " reads as its event");
        }
    }

    @Test
    void aHandleWithoutAPeerConnectionHasNoStreams() {
        HandleInfo info =
                JanusHandleInfo.read(
                        11,
                        23,
                        json(
                                "{\"session_id\":11,\"handle_id\":23,\"plugin\":"
                                        + "\"janus.plugin.videoroom\",\"flags\":{}}"),
                        Instant.EPOCH);
        assertNull(info.opaqueId());
        assertTrue(info.streams().isEmpty());
    }

    private static NodeReport.StreamStats withTime(NodeReport.StreamStats s, Instant at) {
        return new NodeReport.StreamStats(
                at,
                s.sessionId(),
                s.handleId(),
                s.opaqueId(),
                s.mid(),
                s.media(),
                s.codec(),
                s.rttMillis(),
                s.lost(),
                s.lostByRemote(),
                s.jitterLocalMillis(),
                s.jitterRemoteMillis(),
                s.packetsIn(),
                s.packetsOut(),
                s.bytesIn(),
                s.bytesOut(),
                s.bytesInLastSecond(),
                s.bytesOutLastSecond(),
                s.nacksIn(),
                s.nacksOut());
    }
}

package io.chroom.media.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.media.api.NodeReport;
import io.chroom.media.api.NodeReports.MalformedReportException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JanusEventReaderTest {

    private static List<NodeReport> read(String json) {
        return JanusEventReader.read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsAGroupedBatchOfHandleSessionAndStatisticsEvents() {
        List<NodeReport> reports =
                read(
                        """
                        [{"emitter":"chroom-a","type":2,"timestamp":1765000000123456,
                          "session_id":11,"handle_id":22,"opaque_id":"chroom-m1-u-7",
                          "event":{"name":"attached","plugin":"janus.plugin.videoroom",
                                   "opaque_id":"chroom-m1-u-7","token":"mt_abc"}},
                         {"type":32,"subtype":3,"timestamp":1765000005000000,"session_id":11,
                          "handle_id":22,"opaque_id":"chroom-m1-u-7",
                          "event":{"mid":"0","mindex":0,"media":"audio","codec":"opus",
                                   "base":48000,"rtt":12,"lost":3,"lost-by-remote":1,
                                   "jitter-local":4,"jitter-remote":5,"in-link-quality":100,
                                   "packets-received":250,"packets-sent":0,
                                   "bytes-received":20000,"bytes-sent":0,
                                   "bytes-received-lastsec":4000,"bytes-sent-lastsec":0,
                                   "nacks-received":0,"nacks-sent":2,
                                   "retransmissions-received":0}},
                         {"type":16,"timestamp":1765000001000000,"session_id":11,"handle_id":22,
                          "event":{"connection":"webrtcup"}},
                         {"type":1,"timestamp":1765000009000000,"session_id":11,
                          "event":{"name":"destroyed"}}]
                        """);

        assertEquals(3, reports.size(), "WebRTC state events are skipped: " + reports);
        var attach = (NodeReport.HandleChange) reports.get(0);
        assertTrue(attach.attached());
        assertEquals("mt_abc", attach.token());
        assertEquals(22, attach.handleId());
        assertEquals(Instant.parse("2025-12-06T05:46:40.123456Z"), attach.at());
        var stats = (NodeReport.StreamStats) reports.get(1);
        assertEquals("audio", stats.media());
        assertEquals(12L, stats.rttMillis());
        assertEquals(3L, stats.lost());
        assertEquals(250, stats.packetsIn());
        assertEquals(4000L, stats.bytesInLastSecond());
        assertEquals(2L, stats.nacksOut());
        assertEquals(
                new NodeReport.SessionEnded(Instant.ofEpochSecond(1765000009), 11), reports.get(2));
    }

    @Test
    void readsCombinedStatisticsAndSingleEvents() {
        List<NodeReport> reports =
                read(
                        """
                        {"type":32,"subtype":3,"timestamp":1,"session_id":1,"handle_id":2,
                         "event":[{"mid":"0","media":"audio","packets-received":1,
                                   "packets-sent":2,"bytes-received":3,"bytes-sent":4},
                                  {"mid":"1","media":"video","packets-received":5,
                                   "packets-sent":6,"bytes-received":7,"bytes-sent":8},
                                  {"mid":"2","media":"data","packets-received":0,
                                   "packets-sent":0,"bytes-received":0,"bytes-sent":0}]}
                        """);

        assertEquals(2, reports.size(), "data channels carry no media quality");
        var video = (NodeReport.StreamStats) reports.get(1);
        assertEquals("video", video.media());
        assertNull(video.rttMillis(), "a field the node left out stays unknown");
    }

    @Test
    void skipsMediaStateEventsThatAreNotStatistics() {
        assertEquals(
                List.of(),
                read(
                        "{\"type\":32,\"subtype\":1,\"session_id\":1,\"handle_id\":2,"
                                + "\"event\":{\"media\":\"audio\",\"receiving\":true}}"));
    }

    @Test
    void readsADetach() {
        var detach =
                (NodeReport.HandleChange)
                        read("{\"type\":2,\"timestamp\":5,\"session_id\":1,"
                                        + "\"handle_id\":2,\"event\":{\"name\":"
                                        + "\"detached\",\"plugin\":\"x\"}}")
                                .get(0);
        assertFalse(detach.attached());
    }

    @Test
    void refusesWhatIsNotEvents() {
        assertThrows(MalformedReportException.class, () -> read("{\"type\": "));
        assertThrows(MalformedReportException.class, () -> read("[1, 2]"));
        assertThrows(MalformedReportException.class, () -> read("{\"event\": {}}"));
        assertThrows(
                MalformedReportException.class,
                () -> read("{\"type\":32,\"subtype\":3,\"handle_id\":\"x\"}"));
    }
}

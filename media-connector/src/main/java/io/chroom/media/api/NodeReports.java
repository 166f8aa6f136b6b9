package io.chroom.media.api;

import io.chroom.media.inbound.JanusEventReader;
import java.io.InputStream;
import java.util.List;

/** Reads what a media node's event handler posts. */
public final class NodeReports {

    private NodeReports() {}

    /**
     * The reports in one posted body: a single event or an array of them. Events of kinds that
     * carry nothing for analytics are skipped.
     *
     * @throws MalformedReportException when the body is not events in the node's format
     */
    public static List<NodeReport> read(InputStream body) {
        return JanusEventReader.read(body);
    }

    /** A posted body that is not events in the node's format. */
    public static class MalformedReportException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MalformedReportException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

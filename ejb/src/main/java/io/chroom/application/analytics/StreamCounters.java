package io.chroom.application.analytics;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters of each stream's latest sample seen by this server, to turn a node's running totals
 * into the loss of the interval since. The totals themselves are stored, so a server that has not
 * seen a stream before (it started, or another server took the node's events) rates that sample
 * over the stream's whole life instead, and nothing stored depends on this memory.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class StreamCounters {

    /** Streams remembered at most; beyond it the memory starts again, costing one coarse sample. */
    static final int MAX_STREAMS = 200_000;

    /** Totals of one stream: packets in, lost in, packets out, lost by the remote end. */
    public record Totals(long packetsIn, long lostIn, long packetsOut, long lostOut) {}

    private final Map<String, Totals> latest = new ConcurrentHashMap<>();

    /** Remembers {@code now} for the stream and answers what was remembered before, if anything. */
    public Totals swap(String node, long handle, String mid, Totals now) {
        if (latest.size() >= MAX_STREAMS) {
            latest.clear();
        }
        return latest.put(node + "/" + handle + "/" + mid, now);
    }

    /** Forgets the streams of a handle that went away. */
    public void forget(String node, long handle) {
        String prefix = node + "/" + handle + "/";
        latest.keySet().removeIf(key -> key.startsWith(prefix));
    }
}

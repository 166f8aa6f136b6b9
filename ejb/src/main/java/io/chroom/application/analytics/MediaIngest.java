package io.chroom.application.analytics;

import io.chroom.application.ApiTime;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.media.MediaTokens;
import io.chroom.domain.model.analytics.EModel;
import io.chroom.media.api.HandleInfo;
import io.chroom.media.api.NodeReport;
import io.chroom.media.api.NodeReport.HandleChange;
import io.chroom.media.api.NodeReport.SessionEnded;
import io.chroom.media.api.NodeReport.StreamStats;
import io.chroom.media.api.NodeReports;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Writes what a media node posted in one transaction: handles attached and detached, sessions
 * ended, and media samples as multi-row inserts into the day's partition.
 *
 * <p>A handle belongs to the participant whose token attached it: the node reports the token with
 * the attach, and the token's digest names the grant. A handle whose attach was not seen (the
 * node's events were lost for a while) is recognised by the label the join page gives every handle,
 * {@code chroom-<meeting>-<participant>}, but only for a meeting placed on that node. Samples of
 * handles that are neither are not Chroom's and are dropped.
 *
 * <p>While a node's events stop, {@link MediaPolling} reads its handles through the media connector
 * and {@link #polled} stores what it read exactly as the events would have been stored, marked as
 * polled, and notes on the handle the span it polled. When the node posts again, what it posts of
 * that span (events it held back) is dropped as already counted, so a stream has one source of
 * samples at a time. Samples that arrive after their minute was folded are queued for the minute
 * job to fold again.
 */
@Stateless
@PermitAll
public class MediaIngest {

    private static final Logger LOG = Logger.getLogger(MediaIngest.class.getName());

    static final String LABEL_PREFIX = "chroom-";

    /** Rows per insert statement: 500 rows of 24 columns stay far below the protocol's limit. */
    static final int ROWS_PER_INSERT = 500;

    /**
     * How long a poll's sample stands for: the poll's period. An event sample stamped within this
     * of a handle's last polled sample, or after its first, is one the poll already counted.
     */
    static final Duration POLL_COVERS = Duration.ofSeconds(5);

    /**
     * Samples older than this when they arrive may belong to a minute the minute job has folded (it
     * folds two minutes behind the clock); they are queued to be folded again. Ten seconds short of
     * those two minutes, for the clocks of this server and the database.
     */
    static final Duration MAYBE_FOLDED = Duration.ofSeconds(110);

    /** How often this server writes down that a node was heard. */
    static final Duration HEARD_EVERY = Duration.ofSeconds(5);

    /** When this server last warned that each node posts beyond its rate limit, in milliseconds. */
    private static final Map<String, Long> THROTTLE_WARNED = new ConcurrentHashMap<>();

    /** When this server last wrote down that each node was heard, in milliseconds. */
    private static final Map<String, Long> HEARD_WRITTEN = new ConcurrentHashMap<>();

    private static final String COLUMNS =
            "insert into media_samples (sampled_at, node_id, account_id, meeting_id,"
                    + " participant_id, handle_id, mid, media, codec, rtt_ms, jitter_in_ms,"
                    + " jitter_out_ms, loss_in_pct, loss_out_pct, bitrate_in_bps,"
                    + " bitrate_out_bps, packets_in, packets_out, bytes_in, bytes_out, nacks_in,"
                    + " nacks_out, mos, polled) values ";

    private static final String ROW = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    private static final String LATE =
            "insert into media_samples_late (sampled_at, node_id, handle_id, mid, meeting_id,"
                    + " participant_id, media) values ";

    @PersistenceContext private EntityManager em;

    @Resource(lookup = "jdbc/chroom")
    private DataSource database;

    @EJB private StreamCounters counters;

    @EJB private IngestKeys keys;

    @Inject private MetricRegistry metrics;

    /**
     * Who a handle is: its meeting, the meeting's account and the participant; and the span in
     * which the poll wrote its samples, if it did.
     */
    record Owner(
            String meetingId,
            String accountId,
            String participantId,
            Instant polledFrom,
            Instant polledUntil) {

        Owner(String meetingId, String accountId, String participantId) {
            this(meetingId, accountId, participantId, null, null);
        }

        /** Whether the poll already counted what the node measured at {@code at}. */
        boolean polledAt(Instant at) {
            return polledFrom != null
                    && !at.isBefore(polledFrom)
                    && at.isBefore(polledUntil.plus(POLL_COVERS));
        }
    }

    /** A handle seen at a moment, with the label its client gave it. */
    record Sighting(Instant at, long sessionId, long handleId, String opaqueId) {
        static Sighting of(StreamStats s) {
            return new Sighting(s.at(), s.sessionId(), s.handleId(), s.opaqueId());
        }
    }

    /**
     * What one batch came to.
     *
     * @param dropped samples of handles that are not Chroom's
     * @param duplicates samples of a span the poll already counted
     */
    public record Result(int samples, int handles, int dropped, int duplicates) {}

    /**
     * The node whose ingest credential this is.
     *
     * @param credential the password of the node's HTTP basic authentication, or {@code null}
     * @param claimedNodeId the node named in the address posted to, or {@code null}
     * @throws IngestRefusedException when it is no node's, or the node claims another's address
     */
    public String authenticate(String credential, String claimedNodeId) {
        if (credential == null || credential.isEmpty()) {
            metrics.counter("chroom.ingest.refused", new Tag("reason", "unauthenticated")).inc();
            throw new IngestRefusedException(false, "Events need the node's ingest credential.");
        }
        String nodeId =
                keys.nodeFor(credential)
                        .orElseThrow(
                                () -> {
                                    metrics.counter(
                                                    "chroom.ingest.refused",
                                                    new Tag("reason", "unauthenticated"))
                                            .inc();
                                    return new IngestRefusedException(
                                            false, "The credential is no node's.");
                                });
        if (claimedNodeId != null && !claimedNodeId.equals(nodeId)) {
            metrics.counter("chroom.ingest.refused", new Tag("reason", "foreign_node")).inc();
            LOG.log(
                    Level.WARNING,
                    "Node {0} posted events for node {1}; they are refused",
                    new Object[] {nodeId, claimedNodeId});
            throw new IngestRefusedException(true, "A node posts its own events only.");
        }
        return nodeId;
    }

    /**
     * Counts a batch refused because the node posts more than its rate limit allows; Janus's sample
     * event handler does not post a refused batch again, so its events are lost (and, if the node
     * stays refused, the node is polled as silent). Warns once a minute per node.
     */
    public void throttled(String nodeId, int limit) {
        metrics.counter("chroom.ingest.refused", new Tag("reason", "rate_limited")).inc();
        long now = System.currentTimeMillis();
        Long warned = THROTTLE_WARNED.get(nodeId);
        if (warned == null || now - warned >= 60_000) {
            THROTTLE_WARNED.put(nodeId, now);
            LOG.log(
                    Level.WARNING,
                    "Node {0} posts more than {1,number,#} batches of events a minute; the batches"
                            + " beyond are refused with 429 until the minute is over",
                    new Object[] {nodeId, limit});
        }
    }

    /**
     * Stores what an authenticated node posted, in one transaction.
     *
     * @param body a Janus event, or an array of them
     */
    public Result store(String nodeId, byte[] body) {
        long started = System.nanoTime();
        List<NodeReport> reports;
        try {
            reports = NodeReports.read(new ByteArrayInputStream(body));
        } catch (NodeReports.MalformedReportException e) {
            throw new InvalidRequestException(
                    "body", "The body is not Janus events: " + e.getMessage());
        }
        // First, so that a poll of the node deciding at this moment sees it heard, or is seen.
        heard(nodeId);
        Result result = ingest(nodeId, reports);
        metrics.timer("chroom.ingest.batch.duration")
                .update(Duration.ofNanos(System.nanoTime() - started));
        metrics.counter("chroom.ingest.batches").inc();
        metrics.counter("chroom.ingest.samples").inc(result.samples());
        metrics.counter("chroom.ingest.samples.dropped").inc(result.dropped());
        metrics.counter("chroom.ingest.samples.duplicate").inc(result.duplicates());
        return result;
    }

    /**
     * Stores what the poll read of a node's handles as the node's events would have been stored:
     * the same rows, marked as polled. A handle the node's events never introduced is taken on by
     * its label, from when the poll first saw it. Each handle with samples notes the span polled.
     * Nothing is stored when the node was heard after {@code heardAt}, the time the poll found it
     * last heard: it posts again, and what it posts counts instead.
     */
    public Result polled(String nodeId, Instant heardAt, List<HandleInfo> handles) {
        // Locks the row the event path writes first in its batch: of a poll and a batch that
        // cross, either the batch sees the poll's span, or the poll sees the batch.
        List<?> heard =
                em.createNativeQuery(
                                "select heard_at from media_node_ingest_keys where node_id = ?1"
                                        + " for update")
                        .setParameter(1, nodeId)
                        .getResultList();
        Instant lastHeard =
                heard.isEmpty() || heard.get(0) == null ? null : ApiTime.fromDatabase(heard.get(0));
        if (lastHeard != null && (heardAt == null || lastHeard.isAfter(heardAt))) {
            return new Result(0, 0, 0, 0);
        }
        Map<Long, Owner> owners = new HashMap<>();
        List<StreamStats> stats = new ArrayList<>();
        List<Sighting> sightings = new ArrayList<>();
        for (HandleInfo handle : handles) {
            stats.addAll(handle.streams());
            // Handles without streams yet are resolved too, so that a lost attach is recovered.
            sightings.add(
                    new Sighting(
                            handle.at(), handle.sessionId(), handle.handleId(), handle.opaqueId()));
        }
        int adopted = resolve(nodeId, sightings, owners);

        List<Object[]> rows = new ArrayList<>(stats.size());
        Map<Long, Instant[]> spans = new HashMap<>();
        for (StreamStats s : stats) {
            Owner owner = owners.get(s.handleId());
            if (owner != null) {
                rows.add(row(nodeId, owner, s, true));
                spans.merge(
                        s.handleId(),
                        new Instant[] {s.at(), s.at()},
                        (a, b) ->
                                new Instant[] {
                                    a[0].isBefore(b[0]) ? a[0] : b[0],
                                    a[1].isAfter(b[1]) ? a[1] : b[1]
                                });
            }
        }
        insert(rows);
        for (Map.Entry<Long, Instant[]> span : spans.entrySet()) {
            // A span starts again when the handle was last polled longer ago than a few rounds.
            em.createNativeQuery(
                            "update media_handles set polled_from = case when polled_until is"
                                    + " null or polled_until < cast(?3 as timestamptz)"
                                    + " - interval '30 seconds'"
                                    + " then ?3 else polled_from end,"
                                    + " polled_until = greatest(polled_until, ?4)"
                                    + " where node_id = ?1 and handle_id = ?2")
                    .setParameter(1, nodeId)
                    .setParameter(2, span.getKey())
                    .setParameter(3, micros(span.getValue()[0]))
                    .setParameter(4, micros(span.getValue()[1]))
                    .executeUpdate();
        }
        metrics.counter("chroom.ingest.samples.polled").inc(rows.size());
        return new Result(rows.size(), adopted, stats.size() - rows.size(), 0);
    }

    /**
     * Notes that the node was heard, at most every few seconds per server, so that a node whose
     * events stopped is noticed without a write per batch.
     */
    private void heard(String nodeId) {
        long now = System.currentTimeMillis();
        Long last = HEARD_WRITTEN.get(nodeId);
        if (last != null && now - last < HEARD_EVERY.toMillis()) {
            return;
        }
        HEARD_WRITTEN.put(nodeId, now);
        em.createNativeQuery(
                        "update media_node_ingest_keys set heard_at = greatest(heard_at, now())"
                                + " where node_id = ?1")
                .setParameter(1, nodeId)
                .executeUpdate();
    }

    private Result ingest(String nodeId, List<NodeReport> reports) {
        Map<Long, Owner> owners = new HashMap<>();
        int handles = 0;
        for (NodeReport report : reports) {
            if (report instanceof HandleChange change) {
                handles +=
                        change.attached() ? attach(nodeId, change, owners) : detach(nodeId, change);
            } else if (report instanceof SessionEnded ended) {
                handles += endSession(nodeId, ended);
            }
        }

        List<StreamStats> stats = new ArrayList<>();
        for (NodeReport report : reports) {
            if (report instanceof StreamStats s) {
                stats.add(s);
            }
        }
        handles += resolve(nodeId, stats.stream().map(Sighting::of).toList(), owners);
        List<Object[]> rows = new ArrayList<>(stats.size());
        int duplicates = 0;
        for (StreamStats s : stats) {
            Owner owner = owners.get(s.handleId());
            if (owner != null && owner.polledAt(s.at())) {
                duplicates++;
            } else if (owner != null) {
                rows.add(row(nodeId, owner, s, false));
            }
        }
        insert(rows);
        queueLate(rows);
        return new Result(
                rows.size(), handles, stats.size() - rows.size() - duplicates, duplicates);
    }

    private int attach(String nodeId, HandleChange change, Map<Long, Owner> owners) {
        Owner owner = change.token() == null ? null : byToken(change.token());
        if (owner == null) {
            owner = byLabel(nodeId, change.opaqueId());
        }
        if (owner == null) {
            return 0;
        }
        owners.put(change.handleId(), owner);
        return em.createNativeQuery(
                        "insert into media_handles (node_id, handle_id, session_id, meeting_id,"
                                + " account_id, participant_id, attached_at) values"
                                + " (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict do nothing")
                .setParameter(1, nodeId)
                .setParameter(2, change.handleId())
                .setParameter(3, change.sessionId())
                .setParameter(4, owner.meetingId())
                .setParameter(5, owner.accountId())
                .setParameter(6, owner.participantId())
                .setParameter(7, micros(change.at()))
                .executeUpdate();
    }

    private int detach(String nodeId, HandleChange change) {
        counters.forget(nodeId, change.handleId());
        return em.createNativeQuery(
                        "update media_handles set detached_at = greatest(attached_at, ?3)"
                                + " where node_id = ?1 and handle_id = ?2 and detached_at is null")
                .setParameter(1, nodeId)
                .setParameter(2, change.handleId())
                .setParameter(3, micros(change.at()))
                .executeUpdate();
    }

    private int endSession(String nodeId, SessionEnded ended) {
        return em.createNativeQuery(
                        "update media_handles set detached_at = greatest(attached_at, ?3)"
                                + " where node_id = ?1 and session_id = ?2 and detached_at is null")
                .setParameter(1, nodeId)
                .setParameter(2, ended.sessionId())
                .setParameter(3, micros(ended.at()))
                .executeUpdate();
    }

    private Owner byToken(String token) {
        List<?> found =
                em.createNativeQuery(
                                "select g.meeting_id, m.account_id, g.participant_id from"
                                        + " media_grants g join meetings m on m.id = g.meeting_id"
                                        + " where g.token_hash = ?1",
                                Object[].class)
                        .setParameter(1, MediaTokens.digest(token))
                        .getResultList();
        return found.isEmpty() ? null : owner((Object[]) found.get(0));
    }

    /** A handle labelled for a meeting that is or was placed on this node. */
    private Owner byLabel(String nodeId, String label) {
        if (label == null || !label.startsWith(LABEL_PREFIX)) {
            return null;
        }
        String rest = label.substring(LABEL_PREFIX.length());
        int dash = rest.indexOf('-');
        if (dash <= 0 || dash == rest.length() - 1) {
            return null;
        }
        String meetingId = rest.substring(0, dash);
        String participantId = rest.substring(dash + 1);
        List<?> found =
                em.createNativeQuery(
                                "select m.id, m.account_id, ?3 from meetings m where m.id = ?1"
                                        + " and exists (select 1 from meeting_placements p"
                                        + " where p.meeting_id = m.id and p.node_id = ?2)",
                                Object[].class)
                        .setParameter(1, meetingId)
                        .setParameter(2, nodeId)
                        .setParameter(3, participantId)
                        .getResultList();
        return found.isEmpty() ? null : owner((Object[]) found.get(0));
    }

    /**
     * Finds the owners of the batch's handles: stored ones in one query, then by label. Answers how
     * many handles were taken on by their label.
     */
    private int resolve(String nodeId, List<Sighting> sightings, Map<Long, Owner> owners) {
        List<Long> unknown =
                sightings.stream()
                        .map(Sighting::handleId)
                        .filter(h -> !owners.containsKey(h))
                        .distinct()
                        .toList();
        if (unknown.isEmpty()) {
            return 0;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select handle_id, meeting_id, account_id, participant_id,"
                                        + " polled_from, polled_until from media_handles"
                                        + " where node_id = ?1 and handle_id in (?2)")
                        .setParameter(1, nodeId)
                        .setParameter(2, unknown)
                        .getResultList();
        for (Object[] r : rows) {
            owners.put(
                    ((Number) r[0]).longValue(),
                    new Owner(
                            (String) r[1],
                            (String) r[2],
                            (String) r[3],
                            r[4] == null ? null : ApiTime.fromDatabase(r[4]),
                            r[5] == null ? null : ApiTime.fromDatabase(r[5])));
        }
        int adopted = 0;
        for (Sighting s : sightings) {
            if (!owners.containsKey(s.handleId())) {
                Owner owner = byLabel(nodeId, s.opaqueId());
                if (owner != null) {
                    // The attach was lost: the handle counts from its first sample seen.
                    adopted +=
                            attach(
                                    nodeId,
                                    new HandleChange(
                                            s.at(),
                                            s.sessionId(),
                                            s.handleId(),
                                            true,
                                            null,
                                            s.opaqueId()),
                                    owners);
                }
            }
        }
        return adopted;
    }

    private Object[] row(String nodeId, Owner owner, StreamStats s, boolean polled) {
        long lostIn = s.lost() == null ? 0 : s.lost();
        long lostOut = s.lostByRemote() == null ? 0 : s.lostByRemote();
        StreamCounters.Totals now =
                new StreamCounters.Totals(s.packetsIn(), lostIn, s.packetsOut(), lostOut);
        StreamCounters.Totals before = counters.swap(nodeId, s.handleId(), s.mid(), now);
        if (before != null
                && (before.packetsIn() > now.packetsIn()
                        || before.packetsOut() > now.packetsOut())) {
            before = null; // the stream started again
        }
        long dIn = now.packetsIn() - (before == null ? 0 : before.packetsIn());
        long dLostIn = Math.max(0, now.lostIn() - (before == null ? 0 : before.lostIn()));
        long dOut = now.packetsOut() - (before == null ? 0 : before.packetsOut());
        long dLostOut = Math.max(0, now.lostOut() - (before == null ? 0 : before.lostOut()));
        Double lossIn = dIn + dLostIn > 0 ? 100.0 * dLostIn / (dIn + dLostIn) : null;
        Double lossOut = dOut > 0 ? Math.min(100.0, 100.0 * dLostOut / dOut) : null;

        Double mos = null;
        if ("audio".equals(s.media()) && (lossIn != null || lossOut != null)) {
            double jitter =
                    Math.max(
                            s.jitterLocalMillis() == null ? 0 : s.jitterLocalMillis(),
                            s.jitterRemoteMillis() == null ? 0 : s.jitterRemoteMillis());
            double loss = Math.max(lossIn == null ? 0 : lossIn, lossOut == null ? 0 : lossOut);
            mos = EModel.mos(s.rttMillis() == null ? 0 : s.rttMillis(), jitter, loss);
        }
        return new Object[] {
            Timestamp.from(micros(s.at())),
            nodeId,
            owner.accountId(),
            owner.meetingId(),
            owner.participantId(),
            s.handleId(),
            truncate(s.mid(), 16),
            truncate(s.media(), 16),
            truncate(s.codec(), 32),
            toInt(s.rttMillis()),
            toInt(s.jitterLocalMillis()),
            toInt(s.jitterRemoteMillis()),
            lossIn == null ? null : lossIn.floatValue(),
            lossOut == null ? null : lossOut.floatValue(),
            s.bytesInLastSecond() == null ? null : s.bytesInLastSecond() * 8,
            s.bytesOutLastSecond() == null ? null : s.bytesOutLastSecond() * 8,
            s.packetsIn(),
            s.packetsOut(),
            s.bytesIn(),
            s.bytesOut(),
            s.nacksIn(),
            s.nacksOut(),
            mos == null ? null : mos.floatValue(),
            polled
        };
    }

    private static final int[] TYPES = {
        Types.TIMESTAMP_WITH_TIMEZONE,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.BIGINT,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.INTEGER,
        Types.INTEGER,
        Types.INTEGER,
        Types.REAL,
        Types.REAL,
        Types.BIGINT,
        Types.BIGINT,
        Types.BIGINT,
        Types.BIGINT,
        Types.BIGINT,
        Types.BIGINT,
        Types.BIGINT,
        Types.BIGINT,
        Types.REAL,
        Types.BOOLEAN
    };

    /**
     * Queues the rows that may belong to minutes already folded, so that the minute job folds those
     * minutes again. Batches a node posts as it measures have none.
     */
    private void queueLate(List<Object[]> rows) {
        Instant horizon = Instant.now().minus(MAYBE_FOLDED);
        List<Object[]> late = new ArrayList<>();
        for (Object[] r : rows) {
            if (((Timestamp) r[0]).toInstant().isBefore(horizon)) {
                late.add(new Object[] {r[0], r[1], r[5], r[6], r[3], r[4], r[7]});
            }
        }
        if (!late.isEmpty()) {
            insert(LATE, "(?,?,?,?,?,?,?)", late, LATE_TYPES);
            LOG.log(
                    Level.FINE,
                    "{0} media samples arrived more than {1} s after they were measured; their"
                            + " minutes are folded again",
                    new Object[] {late.size(), MAYBE_FOLDED.toSeconds()});
        }
    }

    private static final int[] LATE_TYPES = {
        Types.TIMESTAMP_WITH_TIMEZONE,
        Types.VARCHAR,
        Types.BIGINT,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR
    };

    private void insert(List<Object[]> rows) {
        insert(COLUMNS, ROW, rows, TYPES);
    }

    /** Multi-row inserts in the caller's transaction, on the connection JPA uses too. */
    private void insert(String columns, String placeholders, List<Object[]> rows, int[] types) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection connection = database.getConnection()) {
            for (int start = 0; start < rows.size(); start += ROWS_PER_INSERT) {
                List<Object[]> chunk =
                        rows.subList(start, Math.min(rows.size(), start + ROWS_PER_INSERT));
                StringBuilder sql = new StringBuilder(columns);
                for (int i = 0; i < chunk.size(); i++) {
                    sql.append(i == 0 ? placeholders : "," + placeholders);
                }
                try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                    int p = 1;
                    for (Object[] row : chunk) {
                        for (int c = 0; c < row.length; c++, p++) {
                            if (row[c] == null) {
                                insert.setNull(
                                        p,
                                        types[c] == Types.TIMESTAMP_WITH_TIMEZONE
                                                ? Types.TIMESTAMP
                                                : types[c]);
                            } else {
                                insert.setObject(p, row[c]);
                            }
                        }
                    }
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            LOG.log(
                    Level.WARNING,
                    "Writing {0} rows of media samples failed; the batch is refused",
                    rows.size());
            throw new IllegalStateException(
                    "media samples could not be written: " + e.getMessage(), e);
        }
    }

    private static Owner owner(Object[] r) {
        return new Owner((String) r[0], (String) r[1], (String) r[2]);
    }

    private static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    private static Integer toInt(Long value) {
        return value == null
                ? null
                : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}

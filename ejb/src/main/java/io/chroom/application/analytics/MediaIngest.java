package io.chroom.application.analytics;

import io.chroom.application.InvalidRequestException;
import io.chroom.application.media.MediaTokens;
import io.chroom.domain.model.analytics.EModel;
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
 */
@Stateless
@PermitAll
public class MediaIngest {

    private static final Logger LOG = Logger.getLogger(MediaIngest.class.getName());

    static final String LABEL_PREFIX = "chroom-";

    /** Rows per insert statement: 500 rows of 23 columns stay far below the protocol's limit. */
    static final int ROWS_PER_INSERT = 500;

    private static final String COLUMNS =
            "insert into media_samples (sampled_at, node_id, account_id, meeting_id,"
                    + " participant_id, handle_id, mid, media, codec, rtt_ms, jitter_in_ms,"
                    + " jitter_out_ms, loss_in_pct, loss_out_pct, bitrate_in_bps,"
                    + " bitrate_out_bps, packets_in, packets_out, bytes_in, bytes_out, nacks_in,"
                    + " nacks_out, mos) values ";

    private static final String ROW = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    @PersistenceContext private EntityManager em;

    @Resource(lookup = "jdbc/chroom")
    private DataSource database;

    @EJB private StreamCounters counters;

    @EJB private IngestKeys keys;

    @Inject private MetricRegistry metrics;

    /** Who a handle is: its meeting, the meeting's account and the participant. */
    record Owner(String meetingId, String accountId, String participantId) {}

    /** What one batch came to. */
    public record Result(int samples, int handles, int dropped) {}

    /**
     * Stores what a node posted, once its credential names it.
     *
     * @param credential the password of the node's HTTP basic authentication, or {@code null}
     * @param claimedNodeId the node named in the address posted to, or {@code null}
     * @param body a Janus event, or an array of them
     */
    public Result accept(String credential, String claimedNodeId, byte[] body) {
        long started = System.nanoTime();
        Result result = authenticateAndIngest(credential, claimedNodeId, body);
        metrics.timer("chroom.ingest.batch.duration")
                .update(Duration.ofNanos(System.nanoTime() - started));
        metrics.counter("chroom.ingest.batches").inc();
        metrics.counter("chroom.ingest.samples").inc(result.samples());
        metrics.counter("chroom.ingest.samples.dropped").inc(result.dropped());
        return result;
    }

    private Result authenticateAndIngest(String credential, String claimedNodeId, byte[] body) {
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
        List<NodeReport> reports;
        try {
            reports = NodeReports.read(new ByteArrayInputStream(body));
        } catch (NodeReports.MalformedReportException e) {
            throw new InvalidRequestException(
                    "body", "The body is not Janus events: " + e.getMessage());
        }
        return ingest(nodeId, reports);
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
        resolve(nodeId, stats, owners);
        List<Object[]> rows = new ArrayList<>(stats.size());
        for (StreamStats s : stats) {
            Owner owner = owners.get(s.handleId());
            if (owner != null) {
                rows.add(row(nodeId, owner, s));
            }
        }
        insert(rows);
        return new Result(rows.size(), handles, stats.size() - rows.size());
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

    /** Finds the owners of the batch's handles: stored ones in one query, then by label. */
    private void resolve(String nodeId, List<StreamStats> stats, Map<Long, Owner> owners) {
        List<Long> unknown =
                stats.stream()
                        .map(StreamStats::handleId)
                        .filter(h -> !owners.containsKey(h))
                        .distinct()
                        .toList();
        if (unknown.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select handle_id, meeting_id, account_id, participant_id from"
                                        + " media_handles where node_id = ?1 and handle_id in (?2)")
                        .setParameter(1, nodeId)
                        .setParameter(2, unknown)
                        .getResultList();
        for (Object[] r : rows) {
            owners.put(
                    ((Number) r[0]).longValue(),
                    new Owner((String) r[1], (String) r[2], (String) r[3]));
        }
        for (StreamStats s : stats) {
            if (!owners.containsKey(s.handleId())) {
                Owner owner = byLabel(nodeId, s.opaqueId());
                if (owner != null) {
                    // The attach was lost: the handle counts from its first sample seen.
                    attach(
                            nodeId,
                            new HandleChange(
                                    s.at(), s.sessionId(), s.handleId(), true, null, s.opaqueId()),
                            owners);
                }
            }
        }
    }

    private Object[] row(String nodeId, Owner owner, StreamStats s) {
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
            mos == null ? null : mos.floatValue()
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
        Types.REAL
    };

    /** Multi-row inserts in the caller's transaction, on the connection JPA uses too. */
    private void insert(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection connection = database.getConnection()) {
            for (int start = 0; start < rows.size(); start += ROWS_PER_INSERT) {
                List<Object[]> chunk =
                        rows.subList(start, Math.min(rows.size(), start + ROWS_PER_INSERT));
                StringBuilder sql = new StringBuilder(COLUMNS);
                for (int i = 0; i < chunk.size(); i++) {
                    sql.append(i == 0 ? ROW : "," + ROW);
                }
                try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                    int p = 1;
                    for (Object[] row : chunk) {
                        for (int c = 0; c < row.length; c++, p++) {
                            if (row[c] == null) {
                                insert.setNull(
                                        p,
                                        TYPES[c] == Types.TIMESTAMP_WITH_TIMEZONE
                                                ? Types.TIMESTAMP
                                                : TYPES[c]);
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
                    "Writing {0} media samples failed; the batch is refused",
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

package io.chroom.application.analytics;

import static io.chroom.application.ApiTime.now;

import io.chroom.application.ApiTime;
import io.chroom.application.Callers;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.Page;
import io.chroom.domain.model.account.Scope;
import io.chroom.infrastructure.persistence.Cursor;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what the media nodes measured ({@code analytics:read}): quality per participant and
 * interval, bytes and participant-minutes per meeting, node or account, and node health over time.
 * Every figure is the caller's account's own; another account's meeting is not found.
 *
 * <p>Quality in intervals of a minute or more reads the per-minute aggregates up to the minute the
 * aggregation job has folded, and the raw samples after it, so it is current to the last batch a
 * node posted and stays cheap over long windows; shorter intervals read raw samples.
 */
@Stateless
@DeclareRoles(Scope.ANALYTICS_READ_ROLE)
@RolesAllowed(Scope.ANALYTICS_READ_ROLE)
public class AnalyticsService {

    /** Intervals a caller may ask for, by name. */
    static final Map<String, Duration> GRANULARITIES =
            Map.of(
                    "10s", Duration.ofSeconds(10),
                    "1m", Duration.ofMinutes(1),
                    "5m", Duration.ofMinutes(5),
                    "15m", Duration.ofMinutes(15),
                    "1h", Duration.ofHours(1),
                    "1d", Duration.ofDays(1));

    static final Duration LONGEST_WINDOW = Duration.ofDays(31);

    @PersistenceContext private EntityManager em;

    @EJB private Callers callers;

    @EJB private AnalyticsJobs jobs;

    /** The window asked for: {@code to} defaults to now, {@code from} to an hour before it. */
    public record Window(Instant from, Instant to) {
        public static Window of(Instant from, Instant to) {
            Instant end = to == null ? now() : to;
            Instant start = from == null ? end.minus(Duration.ofHours(1)) : from;
            if (!start.isBefore(end)) {
                throw new InvalidRequestException("from", "from must be before to.");
            }
            if (Duration.between(start, end).compareTo(LONGEST_WINDOW) > 0) {
                throw new InvalidRequestException("from", "A window spans at most 31 days.");
            }
            return new Window(start, end);
        }
    }

    public Page<QosPoint> qos(
            String meetingId,
            String participantId,
            Window window,
            String granularity,
            int limit,
            String cursor) {
        if (meetingId == null || meetingId.isEmpty()) {
            throw new InvalidRequestException("meeting_id", "meeting_id is required.");
        }
        Duration step = granularity(granularity);
        String account = callers.current().accountId();
        requireMeeting(account, meetingId);
        // Folded minutes answer up to the aggregation job's watermark, raw samples after it;
        // intervals shorter than a minute come from raw samples only.
        Instant split = window.from();
        if (step.compareTo(Duration.ofMinutes(1)) >= 0) {
            Instant folded = jobs.foldedUntil();
            if (folded != null) {
                split = folded.isAfter(window.to()) ? window.to() : folded;
                split = split.isBefore(window.from()) ? window.from() : split;
            }
        } else if (window.from().isBefore(now().minus(jobs.rawRetention()))) {
            throw new InvalidRequestException(
                    "granularity",
                    "Windows older than the raw samples' retention have 1m or more.");
        }

        String bucket = "date_bin(cast(?1 as interval), %s, timestamptz '2000-01-01')";
        String minutes =
                "select "
                        + bucket.formatted("minute")
                        + " b, participant_id p, media m, sum(samples) n,"
                        + " sum(rtt_ms * samples) rtt_s, sum(case when rtt_ms is not null then"
                        + " samples end) rtt_n, sum(jitter_ms * samples) jit_s,"
                        + " sum(loss_pct * samples) loss_s,"
                        + " sum(bitrate_in_bps * samples) bin_s, sum(case when bitrate_in_bps is"
                        + " not null then samples end) bin_n, sum(bitrate_out_bps * samples)"
                        + " bout_s, sum(case when bitrate_out_bps is not null then samples end)"
                        + " bout_n, sum(nacks) nacks, sum(mos * samples) mos_s, sum(case when mos"
                        + " is not null then samples end) mos_n, min(mos_min) mos_min"
                        + " from media_minutes where meeting_id = ?2 and minute >= ?3"
                        + " and minute < ?4 and (cast(?6 as varchar) is null or participant_id ="
                        + " ?6) group by 1, 2, 3";
        String raw =
                "select "
                        + bucket.formatted("sampled_at")
                        + " b, participant_id p, media m, count(*) n, sum(rtt_ms) rtt_s,"
                        + " count(rtt_ms) rtt_n, sum(greatest(coalesce(jitter_in_ms, 0),"
                        + " coalesce(jitter_out_ms, 0))) jit_s, sum(greatest(coalesce(loss_in_pct,"
                        + " 0), coalesce(loss_out_pct, 0))) loss_s, sum(bitrate_in_bps) bin_s,"
                        + " count(bitrate_in_bps) bin_n, sum(bitrate_out_bps) bout_s,"
                        + " count(bitrate_out_bps) bout_n, coalesce(max(nacks_in)"
                        + " - min(nacks_in), 0) + coalesce(max(nacks_out) - min(nacks_out), 0)"
                        + " nacks, sum(mos) mos_s, count(mos) mos_n, min(mos) mos_min"
                        + " from media_samples where meeting_id = ?2 and sampled_at >= ?4"
                        + " and sampled_at < ?5 and (cast(?6 as varchar) is null or"
                        + " participant_id = ?6) group by 1, 2, 3";
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        String sql =
                "select b, p, m, sum(n), sum(rtt_s) / nullif(sum(rtt_n), 0),"
                        + " sum(jit_s) / nullif(sum(n), 0), sum(loss_s) / nullif(sum(n), 0),"
                        + " sum(bin_s) / nullif(sum(bin_n), 0),"
                        + " sum(bout_s) / nullif(sum(bout_n), 0), sum(nacks),"
                        + " sum(mos_s) / nullif(sum(mos_n), 0), min(mos_min) from ("
                        + minutes
                        + " union all "
                        + raw
                        + ") q where (b, p || chr(10) || m) > (?7, ?8) group by b, p, m"
                        + " order by b, p || chr(10) || m limit ?9";
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(sql)
                        .setParameter(1, step.toSeconds() + " seconds")
                        .setParameter(2, meetingId)
                        .setParameter(3, window.from())
                        .setParameter(4, split)
                        .setParameter(5, window.to())
                        .setParameter(6, participantId)
                        .setParameter(7, after == null ? Instant.EPOCH : after.createdAt())
                        .setParameter(8, after == null ? "" : after.id())
                        .setParameter(9, limit + 1)
                        .getResultList();
        List<QosPoint> points = new ArrayList<>();
        for (Object[] r : rows.subList(0, Math.min(limit, rows.size()))) {
            points.add(
                    new QosPoint(
                            (String) r[1],
                            (String) r[2],
                            instant(r[0]),
                            ((Number) r[3]).longValue(),
                            rounded(r[4]),
                            rounded(r[5]),
                            rounded(r[6]),
                            whole(r[7]),
                            whole(r[8]),
                            whole(r[9]),
                            rounded(r[10]),
                            rounded(r[11])));
        }
        String next = null;
        if (rows.size() > limit) {
            QosPoint last = points.get(points.size() - 1);
            next = new Cursor(last.at(), last.participantId() + "\n" + last.media()).encode();
        }
        return new Page<>(points, next);
    }

    /**
     * Bytes and participant-minutes of the caller's account over a window, grouped by meeting, node
     * or account; {@code id} narrows it to one meeting or node.
     *
     * <p>A participant's minutes on a node are the union of their handles' spans from attach to
     * detach (a publisher and its subscribers overlap), clipped to the window, each started minute
     * counted. A handle still connected counts to now; one whose node stamped its attach a moment
     * ahead of this server's clock counts nothing yet rather than failing the query.
     */
    public Page<UsageView> usage(String by, String id, Window window, int limit, String cursor) {
        String key =
                switch (by == null ? "meeting" : by) {
                    case "meeting" -> "meeting_id";
                    case "node" -> "node_id";
                    case "account" -> "account_id";
                    default ->
                            throw new InvalidRequestException(
                                    "by", "by must be one of meeting, node or account.");
                };
        String groupBy = by == null ? "meeting" : by;
        String account = callers.current().accountId();
        if ("meeting".equals(groupBy) && id != null) {
            requireMeeting(account, id);
        }
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        // Narrowed to one meeting or node when ?4 is given; an account is the caller's own.
        String only = " and (cast(?4 as varchar) is null or " + key + " = ?4)";
        String sql =
                "with streams as (select meeting_id, node_id, account_id, handle_id, mid,"
                        + " max(bytes_in) xi, min(bytes_in) ni, max(bytes_out) xo,"
                        + " min(bytes_out) no from media_samples where account_id = ?1"
                        + " and sampled_at >= ?2 and sampled_at < ?3"
                        + only
                        + " group by 1, 2, 3, 4, 5),"
                        + " bytes as (select s."
                        + key
                        + " k, sum(s.xi - case when h.attached_at >= ?2 then 0 else s.ni end) bi,"
                        + " sum(s.xo - case when h.attached_at >= ?2 then 0 else s.no end) bo"
                        + " from streams s left join media_handles h on h.node_id = s.node_id"
                        + " and h.handle_id = s.handle_id group by 1),"
                        + " spans as (select "
                        + key
                        + " k, meeting_id, node_id, participant_id,"
                        + " range_agg(tstzrange(greatest(attached_at, ?2), greatest(attached_at,"
                        + " ?2, least(coalesce(detached_at, now()), ?3)))) r from media_handles"
                        + " where account_id = ?1 and attached_at < ?3"
                        + " and coalesce(detached_at, now()) > ?2"
                        + only
                        + " group by 1, 2, 3, 4),"
                        + " minutes as (select k, sum(ceil(extract(epoch from (select"
                        + " sum(upper(x) - lower(x)) from unnest(r) x)) / 60)) pm from spans"
                        + " group by 1)"
                        + " select coalesce(b.k, m.k) k, coalesce(b.bi, 0), coalesce(b.bo, 0),"
                        + " coalesce(m.pm, 0) from bytes b full join minutes m on m.k = b.k"
                        + " where coalesce(b.k, m.k) > ?5"
                        + " order by 1 limit ?6";
        var query =
                em.createNativeQuery(sql)
                        .setParameter(1, account)
                        .setParameter(2, window.from())
                        .setParameter(3, window.to())
                        .setParameter(5, after == null ? "" : after.id())
                        .setParameter(6, limit + 1);
        query.setParameter(4, "account".equals(groupBy) ? null : id);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<UsageView> views = new ArrayList<>();
        for (Object[] r : rows.subList(0, Math.min(limit, rows.size()))) {
            views.add(
                    new UsageView(
                            groupBy,
                            (String) r[0],
                            window.from(),
                            window.to(),
                            ((Number) r[1]).longValue(),
                            ((Number) r[2]).longValue(),
                            ((Number) r[3]).longValue()));
        }
        if ("account".equals(groupBy) && views.isEmpty()) {
            views.add(new UsageView(groupBy, account, window.from(), window.to(), 0, 0, 0));
        }
        String next =
                rows.size() > limit
                        ? new Cursor(window.from(), views.get(views.size() - 1).id()).encode()
                        : null;
        return new Page<>(views, next);
    }

    /** Health and load of every node (or one) over a window, per interval. */
    public Page<NodeLoadPoint> nodes(
            String nodeId, Window window, String granularity, int limit, String cursor) {
        Duration step = granularity(granularity);
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select * from (select date_bin(cast(?1 as interval),"
                                        + " observed_at, timestamptz '2000-01-01') b, node_id,"
                                        + " count(*), count(*) filter (where kind = 'DOWN'),"
                                        + " avg(control_rtt_ms), avg(stun_rtt_ms), max(sessions),"
                                        + " max(participants) from media_node_health where"
                                        + " observed_at >= ?2 and observed_at < ?3 and"
                                        + " (cast(?4 as varchar) is null or node_id = ?4)"
                                        + " group by 1, 2) q where (b, node_id) > (?5, ?6)"
                                        + " order by 1, 2"
                                        + " limit ?7")
                        .setParameter(1, step.toSeconds() + " seconds")
                        .setParameter(2, window.from())
                        .setParameter(3, window.to())
                        .setParameter(4, nodeId)
                        .setParameter(5, after == null ? Instant.EPOCH : after.createdAt())
                        .setParameter(6, after == null ? "" : after.id())
                        .setParameter(7, limit + 1)
                        .getResultList();
        List<NodeLoadPoint> points = new ArrayList<>();
        for (Object[] r : rows.subList(0, Math.min(limit, rows.size()))) {
            points.add(
                    new NodeLoadPoint(
                            (String) r[1],
                            instant(r[0]),
                            ((Number) r[2]).longValue(),
                            ((Number) r[3]).longValue(),
                            rounded(r[4]),
                            rounded(r[5]),
                            r[6] == null ? null : ((Number) r[6]).intValue(),
                            r[7] == null ? null : ((Number) r[7]).intValue()));
        }
        String next = null;
        if (rows.size() > limit) {
            NodeLoadPoint last = points.get(points.size() - 1);
            next = new Cursor(last.at(), last.nodeId()).encode();
        }
        return new Page<>(points, next);
    }

    /** Who subscribes to the live stream, with what they may see. */
    public LiveSubscriber subscribe() {
        var caller = callers.current();
        return new LiveSubscriber(caller.accountId(), caller.scopes().contains(Scope.NODES_READ));
    }

    private void requireMeeting(String account, String meetingId) {
        List<?> found =
                em.createNativeQuery("select 1 from meetings where id = ?1 and account_id = ?2")
                        .setParameter(1, meetingId)
                        .setParameter(2, account)
                        .getResultList();
        if (found.isEmpty()) {
            throw new ObjectNotFoundException("meeting", meetingId);
        }
    }

    private static Duration granularity(String name) {
        if (name == null || name.isEmpty()) {
            return Duration.ofMinutes(1);
        }
        Duration step = GRANULARITIES.get(name);
        if (step == null) {
            throw new InvalidRequestException(
                    "granularity", "granularity must be one of 10s, 1m, 5m, 15m, 1h or 1d.");
        }
        return step;
    }

    private static Double rounded(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue() * 100) / 100.0;
    }

    private static Long whole(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue());
    }

    private static Instant instant(Object value) {
        return ApiTime.seconds(ApiTime.fromDatabase(value));
    }
}

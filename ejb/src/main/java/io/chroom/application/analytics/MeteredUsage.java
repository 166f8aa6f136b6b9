package io.chroom.application.analytics;

import io.chroom.application.token.UsageRecord;
import io.chroom.application.token.UsageSource;
import io.chroom.domain.model.analytics.QualityScore;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The usage the token economy settles, from what the media nodes reported: one record per meeting
 * and node that served it in the window, with its participant-minutes and its quality score.
 *
 * <p>Participant-minutes are counted as {@code GET /api/analytics/bandwidth} counts them: each
 * participant's handles on the node, from attach to detach (an open handle up to the window's end),
 * clipped to the window and merged, so overlapping handles of one participant count once; each
 * started minute counts. One rule more: a handle still open after its meeting ended counts up to
 * the meeting's end, since nobody is connected to a meeting that is over. A participant connected
 * across a window's end starts a minute in each window.
 *
 * <p>Quality is {@link QualityScore}: the E-model rating of each audio participant-minute of the
 * meeting on the node whose minute begins in the window, averaged. Minutes the aggregation job has
 * folded are read from {@code media_minutes}; later ones are aggregated from the raw samples the
 * same way, so a window can be settled as soon as it ends.
 */
@Stateless
@PermitAll
public class MeteredUsage implements UsageSource {

    @PersistenceContext private EntityManager em;

    @EJB private AnalyticsJobs jobs;

    @Override
    public List<UsageRecord> usage(long epoch, Instant from, Instant to) {
        Instant firstMinute = from.truncatedTo(ChronoUnit.MINUTES);
        Instant folded = jobs.foldedUntil();
        // Minutes before the watermark come folded, the others from raw samples.
        Instant split = folded == null || folded.isBefore(firstMinute) ? firstMinute : folded;
        String sql =
                "with spans as (select h.meeting_id, h.node_id, h.participant_id,"
                        + " range_agg(tstzrange(greatest(h.attached_at, ?1),"
                        + " least(coalesce(h.detached_at, ?2), coalesce(m.ended_at, ?2), ?2))) r"
                        + " from media_handles h join meetings m on m.id = h.meeting_id"
                        + " where h.attached_at < ?2 and (h.detached_at is null or h.detached_at"
                        + " > ?1) and greatest(h.attached_at, ?1) < least(coalesce(h.detached_at,"
                        + " ?2), coalesce(m.ended_at, ?2), ?2) group by 1, 2, 3),"
                        + " records as (select meeting_id, node_id, sum(ceil(extract(epoch from"
                        + " (select sum(upper(x) - lower(x)) from unnest(r) x)) / 60)) pm"
                        + " from spans group by 1, 2)"
                        + " select r.meeting_id, r.node_id, r.pm, q.rtt, q.jitter, q.loss"
                        + " from records r left join lateral ("
                        // folded minutes: their means, as the aggregation job wrote them
                        + " select coalesce(mm.rtt_ms, 0) rtt, coalesce(mm.jitter_ms, 0) jitter,"
                        + " coalesce(mm.loss_pct, 0) loss from media_minutes mm"
                        + " where mm.meeting_id = r.meeting_id and mm.node_id = r.node_id"
                        + " and mm.media = 'audio' and mm.mos is not null and mm.minute >= ?3"
                        + " and mm.minute < least(cast(?2 as timestamptz), cast(?4 as timestamptz))"
                        + " union all"
                        // later minutes: the same means from the raw samples
                        + " select coalesce(avg(s.rtt_ms), 0), avg(greatest(coalesce("
                        + "s.jitter_in_ms, 0), coalesce(s.jitter_out_ms, 0))),"
                        + " avg(greatest(coalesce(s.loss_in_pct, 0), coalesce(s.loss_out_pct, 0)))"
                        + " from media_samples s where s.meeting_id = r.meeting_id"
                        + " and s.node_id = r.node_id and s.media = 'audio' and s.sampled_at >= ?4"
                        + " and s.sampled_at < ?5 and date_trunc('minute', s.sampled_at) < ?2"
                        + " group by s.participant_id, date_trunc('minute', s.sampled_at)"
                        + " having count(s.mos) > 0) q on true"
                        + " where r.pm > 0 order by 1, 2";
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(sql)
                        .setParameter(1, from)
                        .setParameter(2, to)
                        .setParameter(3, firstMinute)
                        .setParameter(4, split)
                        .setParameter(5, to.plus(1, ChronoUnit.MINUTES))
                        .getResultList();

        Map<String, long[]> minutes = new LinkedHashMap<>();
        Map<String, QualityScore> quality = new LinkedHashMap<>();
        for (Object[] r : rows) {
            String key = r[0] + "\n" + r[1];
            minutes.putIfAbsent(key, new long[] {((Number) r[2]).longValue()});
            QualityScore score = quality.computeIfAbsent(key, k -> new QualityScore());
            if (r[3] != null) {
                score.add(number(r[3]), number(r[4]), number(r[5]));
            }
        }
        List<UsageRecord> records = new ArrayList<>(minutes.size());
        for (var entry : minutes.entrySet()) {
            String[] ids = entry.getKey().split("\n", 2);
            records.add(
                    new UsageRecord(
                            epoch,
                            ids[0],
                            ids[1],
                            entry.getValue()[0],
                            quality.get(entry.getKey()).basisPoints()));
        }
        return records;
    }

    private static double number(Object value) {
        return value == null ? 0 : ((Number) value).doubleValue();
    }
}

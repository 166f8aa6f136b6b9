package io.chroom.application.analytics;

import io.chroom.application.ApiTime;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The analytics housekeeping, once a minute: folds the samples of each finished minute into {@code
 * media_minutes}, makes the coming days' partitions of {@code media_samples}, drops the partitions
 * older than the raw retention ({@code CHROOM_ANALYTICS_RAW_DAYS}, 7 by default) and the minutes
 * older than theirs ({@code CHROOM_ANALYTICS_MINUTE_DAYS}, 400). Every 10 s it also folds again the
 * minutes that samples arrived late for. Every server runs the schedules; a PostgreSQL advisory
 * lock for the transaction lets one of them do each tick.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AnalyticsJobs {

    /** Advisory lock id of this job: "chroom" and the job's number. */
    private static final long LOCK = 0x6368726f6f6d0050L;

    private static final Logger LOG = Logger.getLogger(AnalyticsJobs.class.getName());

    static final String MINUTES = "media-minutes";

    /** Late samples folded again per tick at most; more wait for the next tick. */
    static final int LATE_PER_TICK = 5000;

    /**
     * What a minute row is made of, from {@code x}: the samples of the minutes folded and of the
     * five minutes before them, each with the growth of its stream's totals since the stream's
     * previous sample ({@code dbi}, {@code dbo}, {@code dn}); {@code %s} filters the rows of {@code
     * x} that belong to the minutes folded. A minute folded again is replaced whole.
     */
    private static final String FOLD =
            "insert into media_minutes (minute, meeting_id, participant_id, node_id, media,"
                    + " account_id, samples, rtt_ms, jitter_ms, loss_pct, mos, mos_min,"
                    + " bitrate_in_bps, bitrate_out_bps, bytes_in, bytes_out, nacks)"
                    + " select date_trunc('minute', x.sampled_at), x.meeting_id,"
                    + " x.participant_id, x.node_id, x.media, min(x.account_id), count(*),"
                    + " avg(x.rtt_ms), avg(greatest(coalesce(x.jitter_in_ms, 0),"
                    + " coalesce(x.jitter_out_ms, 0))), avg(greatest(coalesce(x.loss_in_pct, 0),"
                    + " coalesce(x.loss_out_pct, 0))), avg(x.mos), min(x.mos),"
                    + " avg(x.bitrate_in_bps), avg(x.bitrate_out_bps), sum(x.dbi), sum(x.dbo),"
                    + " sum(x.dn) from x where %s group by 1, 2, 3, 4, 5"
                    + " on conflict (meeting_id, participant_id, node_id, media, minute)"
                    + " do update set account_id = excluded.account_id,"
                    + " samples = excluded.samples, rtt_ms = excluded.rtt_ms,"
                    + " jitter_ms = excluded.jitter_ms, loss_pct = excluded.loss_pct,"
                    + " mos = excluded.mos, mos_min = excluded.mos_min,"
                    + " bitrate_in_bps = excluded.bitrate_in_bps,"
                    + " bitrate_out_bps = excluded.bitrate_out_bps, bytes_in = excluded.bytes_in,"
                    + " bytes_out = excluded.bytes_out, nacks = excluded.nacks";

    /** The growth of a stream's totals since its previous sample in {@code x}. */
    private static final String GROWTH =
            "greatest(0, s.bytes_in - coalesce(lag(s.bytes_in) over w, 0)) dbi,"
                    + " greatest(0, s.bytes_out - coalesce(lag(s.bytes_out) over w, 0)) dbo,"
                    + " greatest(0, coalesce(s.nacks_in, 0) + coalesce(s.nacks_out, 0)"
                    + " - coalesce(lag(coalesce(s.nacks_in, 0) + coalesce(s.nacks_out, 0))"
                    + " over w, 0)) dn";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    @PersistenceContext private EntityManager em;

    @Inject
    @ConfigProperty(name = "chroom.analytics.raw.days", defaultValue = "7")
    private int rawDays;

    @Inject
    @ConfigProperty(name = "chroom.analytics.minute.days", defaultValue = "400")
    private int minuteDays;

    /** How long raw samples are kept. */
    public Duration rawRetention() {
        return Duration.ofDays(rawDays);
    }

    /** Up to where samples are folded into minutes; {@code null} before the first fold. */
    public Instant foldedUntil() {
        List<?> until =
                em.createNativeQuery("select until from analytics_watermarks where name = ?1")
                        .setParameter(1, MINUTES)
                        .getResultList();
        if (until.isEmpty()) {
            return null;
        }
        return ApiTime.fromDatabase(until.get(0));
    }

    @Schedule(second = "5", minute = "*", hour = "*", persistent = false)
    void tick() {
        boolean mine =
                (Boolean)
                        em.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                                .setParameter(1, LOCK)
                                .getSingleResult();
        if (!mine) {
            return;
        }
        int folded = foldMinutes();
        em.createNativeQuery("select media_samples_partitions(3)").getSingleResult();
        int dropped = dropOldPartitions();
        int forgotten =
                em.createNativeQuery(
                                "delete from media_minutes where minute < now() -"
                                        + " make_interval(days => ?1)")
                        .setParameter(1, minuteDays)
                        .executeUpdate();
        if (folded > 0 || dropped > 0 || forgotten > 0) {
            LOG.log(
                    Level.FINE,
                    "Folded {0} participant-minutes of samples; dropped {1} days of samples and"
                            + " {2} minutes past their retention",
                    new Object[] {folded, dropped, forgotten});
        }
    }

    /**
     * Aggregates the minutes from the watermark to the last one that ended two minutes ago, so that
     * batches a node posts a little late (its event handler retries) still count. Samples that
     * arrive later than that are queued by the ingestion and folded by {@link #foldLate}. Bytes and
     * NACKs are the growth of each stream's totals since its previous sample, looked up to five
     * minutes back.
     */
    private int foldMinutes() {
        em.createNativeQuery(
                        "insert into analytics_watermarks (name, until) values (?1,"
                                + " date_trunc('minute', now()) - interval '2 minutes')"
                                + " on conflict do nothing")
                .setParameter(1, MINUTES)
                .executeUpdate();
        int rows =
                em.createNativeQuery(
                                "with m as (select until from analytics_watermarks where name ="
                                        + " ?1), x as (select s.*, "
                                        + GROWTH
                                        + " from media_samples s, m where s.sampled_at >= m.until"
                                        + " - interval '5 minutes' and s.sampled_at <"
                                        + " date_trunc('minute', now()) - interval '2 minutes'"
                                        + " window w as (partition by s.node_id, s.handle_id,"
                                        + " s.mid order by s.sampled_at)) "
                                        + FOLD.formatted("x.sampled_at >= (select until from m)"))
                        .setParameter(1, MINUTES)
                        .executeUpdate();
        em.createNativeQuery(
                        "update analytics_watermarks set until = greatest(until,"
                                + " date_trunc('minute', now()) - interval '2 minutes')"
                                + " where name = ?1")
                .setParameter(1, MINUTES)
                .executeUpdate();
        return rows;
    }

    @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false)
    void foldLateTick() {
        boolean mine =
                (Boolean)
                        em.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                                .setParameter(1, LOCK)
                                .getSingleResult();
        if (mine) {
            int rows = foldLate();
            if (rows > 0) {
                LOG.log(Level.FINE, "Folded {0} minutes again for late samples", rows);
            }
        }
    }

    /**
     * Folds again, whole, the minutes that late samples belong to, and for each late sample the
     * minute of its stream's next sample, whose growth in bytes was counted from the sample before
     * the late one. The queue entries are taken in the statement that reads the samples, so an
     * entry is taken exactly when its sample is visible. A minute that is not folded yet may be
     * made early; the minute fold replaces it whole when its turn comes.
     */
    int foldLate() {
        return em.createNativeQuery(
                        "with late as (delete from media_samples_late where ctid in (select ctid"
                                + " from media_samples_late order by sampled_at limit ?1)"
                                + " returning *),"
                                + " targets as (select date_trunc('minute', sampled_at) as minute,"
                                + " meeting_id, participant_id, node_id, media from late union"
                                + " select date_trunc('minute', n.next_at), l.meeting_id,"
                                + " l.participant_id, l.node_id, l.media from late l cross join"
                                + " lateral (select min(s.sampled_at) next_at from media_samples s"
                                + " where s.meeting_id = l.meeting_id and s.node_id = l.node_id"
                                + " and s.handle_id = l.handle_id and s.mid = l.mid"
                                + " and s.sampled_at > l.sampled_at"
                                + " and s.sampled_at < l.sampled_at + interval '5 minutes') n"
                                + " where n.next_at is not null),"
                                + " x as (select s.*, "
                                + GROWTH
                                + " from media_samples s where exists (select 1 from targets t"
                                + " where t.meeting_id = s.meeting_id"
                                + " and t.participant_id = s.participant_id"
                                + " and t.node_id = s.node_id and t.media = s.media"
                                + " and s.sampled_at >= t.minute - interval '5 minutes'"
                                + " and s.sampled_at < t.minute + interval '1 minute')"
                                + " window w as (partition by s.node_id, s.handle_id, s.mid"
                                + " order by s.sampled_at)) "
                                + FOLD.formatted(
                                        "exists (select 1 from targets t where t.minute ="
                                                + " date_trunc('minute', x.sampled_at)"
                                                + " and t.meeting_id = x.meeting_id"
                                                + " and t.participant_id = x.participant_id"
                                                + " and t.node_id = x.node_id"
                                                + " and t.media = x.media)"))
                .setParameter(1, LATE_PER_TICK)
                .executeUpdate();
    }

    private int dropOldPartitions() {
        LocalDate oldest = LocalDate.now(java.time.ZoneOffset.UTC).minusDays(rawDays);
        @SuppressWarnings("unchecked")
        List<String> partitions =
                em.createNativeQuery(
                                "select c.relname from pg_inherits i join pg_class c on c.oid ="
                                        + " i.inhrelid where i.inhparent ="
                                        + " cast('media_samples' as regclass)")
                        .getResultList();
        int dropped = 0;
        for (String partition : partitions) {
            String suffix = partition.substring(partition.lastIndexOf('_') + 1);
            if (suffix.matches("\\d{8}") && LocalDate.parse(suffix, DAY).isBefore(oldest)) {
                em.createNativeQuery("drop table " + partition).executeUpdate();
                LOG.log(Level.INFO, "Dropped media samples of {0}, past their retention", suffix);
                dropped++;
            }
        }
        return dropped;
    }
}

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
 * older than theirs ({@code CHROOM_ANALYTICS_MINUTE_DAYS}, 400). Every server runs the schedule; a
 * PostgreSQL advisory lock for the transaction lets one of them do each tick.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AnalyticsJobs {

    /** Advisory lock id of this job: "chroom" and the job's number. */
    private static final long LOCK = 0x6368726f6f6d0050L;

    private static final Logger LOG = Logger.getLogger(AnalyticsJobs.class.getName());

    static final String MINUTES = "media-minutes";

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
     * arrive later than that stay in the raw table but are not folded. Bytes and NACKs are the
     * growth of each stream's totals since its previous sample, looked up to five minutes back.
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
                                "insert into media_minutes (minute, meeting_id, participant_id,"
                                        + " node_id, media, account_id, samples, rtt_ms,"
                                        + " jitter_ms, loss_pct, mos, mos_min, bitrate_in_bps,"
                                        + " bitrate_out_bps, bytes_in, bytes_out, nacks)"
                                        + " select date_trunc('minute', sampled_at), meeting_id,"
                                        + " participant_id, node_id, media, min(account_id),"
                                        + " count(*), avg(rtt_ms),"
                                        + " avg(greatest(coalesce(jitter_in_ms, 0),"
                                        + " coalesce(jitter_out_ms, 0))),"
                                        + " avg(greatest(coalesce(loss_in_pct, 0),"
                                        + " coalesce(loss_out_pct, 0))), avg(mos), min(mos),"
                                        + " avg(bitrate_in_bps), avg(bitrate_out_bps), sum(dbi),"
                                        + " sum(dbo), sum(dn) from (select s.*,"
                                        + " greatest(0, bytes_in - coalesce(lag(bytes_in) over w,"
                                        + " 0)) dbi, greatest(0, bytes_out -"
                                        + " coalesce(lag(bytes_out) over w, 0)) dbo,"
                                        + " greatest(0, coalesce(nacks_in, 0) + coalesce(nacks_out,"
                                        + " 0) - coalesce(lag(coalesce(nacks_in, 0) +"
                                        + " coalesce(nacks_out, 0)) over w, 0)) dn"
                                        + " from media_samples s, analytics_watermarks m"
                                        + " where m.name = ?1 and s.sampled_at >= m.until -"
                                        + " interval '5 minutes' and s.sampled_at <"
                                        + " date_trunc('minute', now()) - interval '2 minutes'"
                                        + " window w as (partition by node_id, handle_id, mid"
                                        + " order by sampled_at)) x, analytics_watermarks m"
                                        + " where m.name = ?1 and x.sampled_at >= m.until"
                                        + " group by 1, 2, 3, 4, 5 on conflict (meeting_id,"
                                        + " participant_id, node_id, media, minute) do nothing")
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

package io.chroom.application.analytics;

import io.chroom.application.ApiTime;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the live stream sends: samples and node probes recorded since a moment, read from the
 * database, so that a sample ingested by any server of a deployment reaches subscribers on every
 * server. Each server's stream asks once a second for all its subscribers together; it filters by
 * account and scope itself.
 */
@Stateless
@PermitAll
public class LiveFeed {

    /** Rows at most per poll; a busier second sends the newest first next time. */
    static final int MAX_ROWS = 5000;

    @PersistenceContext private EntityManager em;

    public List<LiveSample> samplesSince(Instant since) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select account_id, meeting_id, participant_id, node_id, media,"
                                        + " sampled_at, rtt_ms, greatest(jitter_in_ms,"
                                        + " jitter_out_ms), greatest(loss_in_pct, loss_out_pct),"
                                        + " bitrate_in_bps, bitrate_out_bps, mos from"
                                        + " media_samples where sampled_at > ?1 order by"
                                        + " sampled_at limit ?2")
                        .setParameter(1, since)
                        .setParameter(2, MAX_ROWS)
                        .getResultList();
        List<LiveSample> samples = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            samples.add(
                    new LiveSample(
                            (String) r[0],
                            (String) r[1],
                            (String) r[2],
                            (String) r[3],
                            (String) r[4],
                            instant(r[5]),
                            (Integer) r[6],
                            (Integer) r[7],
                            r[8] == null
                                    ? null
                                    : Math.round(((Number) r[8]).doubleValue() * 100) / 100.0,
                            r[9] == null ? null : ((Number) r[9]).longValue(),
                            r[10] == null ? null : ((Number) r[10]).longValue(),
                            r[11] == null
                                    ? null
                                    : Math.round(((Number) r[11]).doubleValue() * 100) / 100.0));
        }
        return samples;
    }

    public List<LiveNodeHealth> healthSince(Instant since) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery(
                                "select node_id, observed_at, kind, control_rtt_ms, stun_rtt_ms,"
                                        + " sessions, participants from media_node_health where"
                                        + " observed_at > ?1 order by observed_at limit ?2")
                        .setParameter(1, since)
                        .setParameter(2, MAX_ROWS)
                        .getResultList();
        List<LiveNodeHealth> probes = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            probes.add(
                    new LiveNodeHealth(
                            (String) r[0],
                            instant(r[1]),
                            ((String) r[2]).toLowerCase(Locale.ROOT),
                            (Integer) r[3],
                            (Integer) r[4],
                            (Integer) r[5],
                            (Integer) r[6]));
        }
        return probes;
    }

    private static Instant instant(Object value) {
        return ApiTime.fromDatabase(value);
    }
}

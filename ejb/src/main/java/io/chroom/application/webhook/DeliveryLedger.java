package io.chroom.application.webhook;

import static io.chroom.application.ApiTime.now;

import io.chroom.domain.model.webhook.RetrySchedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The database side of delivery: which deliveries are due, and what each attempt gave. Each call is
 * its own short transaction, so no transaction stays open while a receiver is called.
 *
 * <p>Events about one subject (a meeting, a node) reach a subscription in the order they happened:
 * a delivery is not due while an earlier event about the same subject is still pending for that
 * subscription. An event that ends dead no longer holds the later ones back.
 *
 * <p>A due delivery is leased for a minute with {@code FOR UPDATE SKIP LOCKED}: servers sharing the
 * database take disjoint batches, and a delivery whose server died mid-attempt is taken again once
 * its lease runs out. Delivery is therefore at least once; receivers de-duplicate by event id.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class DeliveryLedger {

    @PersistenceContext private EntityManager em;

    @Inject
    @ConfigProperty(name = "chroom.webhook.retry.first.millis", defaultValue = "10000")
    private long firstRetryMillis;

    @Inject
    @ConfigProperty(name = "chroom.webhook.give.up.after.seconds", defaultValue = "90000")
    private long giveUpAfterSeconds;

    /** How long a claimed delivery is reserved for the server that claimed it. */
    @Inject
    @ConfigProperty(name = "chroom.webhook.lease.seconds", defaultValue = "60")
    private long leaseSeconds;

    /** One delivery to make now. */
    public record Due(
            String deliveryId,
            String eventId,
            String eventType,
            String body,
            String url,
            byte[] secretSealed,
            byte[] previousSecretSealed,
            int attempt) {}

    public List<Due> claim(int max) {
        Instant now = now();
        List<?> rows =
                em.createNativeQuery(
                                "with due as (select d.id from webhook_deliveries d"
                                        + " join webhook_subscriptions s"
                                        + " on s.id = d.subscription_id"
                                        + " join webhook_events e on e.id = d.event_id"
                                        + " where d.state = 'PENDING' and s.enabled"
                                        + " and d.next_attempt_at <= ?1"
                                        + " and (d.lease_until is null or d.lease_until < ?1)"
                                        + " and not exists (select 1 from webhook_deliveries p"
                                        + " join webhook_events pe on pe.id = p.event_id"
                                        + " where p.subscription_id = d.subscription_id"
                                        + " and p.state = 'PENDING'"
                                        + " and pe.subject_id = e.subject_id"
                                        + " and pe.sequence < e.sequence)"
                                        + " order by d.next_attempt_at limit ?2"
                                        + " for update of d skip locked)"
                                        + " update webhook_deliveries d"
                                        + " set attempts = d.attempts + 1,"
                                        + " lease_until = ?3 from due, webhook_events e,"
                                        + " webhook_subscriptions s"
                                        + " where d.id = due.id and e.id = d.event_id"
                                        + " and s.id = d.subscription_id"
                                        + " returning d.id, e.id, e.type, e.body, s.url,"
                                        + " s.secret_sealed,"
                                        + " case when s.previous_secret_expires_at > ?1"
                                        + " then s.previous_secret_sealed end, d.attempts")
                        .setParameter(1, now)
                        .setParameter(2, max)
                        .setParameter(3, now.plusSeconds(leaseSeconds))
                        .getResultList();
        List<Due> due = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            due.add(
                    new Due(
                            (String) r[0],
                            (String) r[1],
                            (String) r[2],
                            (String) r[3],
                            (String) r[4],
                            (byte[]) r[5],
                            (byte[]) r[6],
                            ((Number) r[7]).intValue()));
        }
        return due;
    }

    /**
     * Records one attempt. A 2xx answer delivers; anything else schedules the next try, or gives up
     * once the delivery has failed for longer than the schedule's give-up period.
     */
    public void record(Due due, Integer statusCode, long latencyMillis, String error) {
        Instant now = now();
        RetrySchedule schedule =
                new RetrySchedule(
                        Duration.ofMillis(firstRetryMillis),
                        Duration.ofSeconds(giveUpAfterSeconds));
        em.createNativeQuery(
                        "insert into webhook_attempts"
                                + " (delivery_id, attempt, attempted_at, status_code, latency_ms,"
                                + " error) values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, due.deliveryId())
                .setParameter(2, due.attempt())
                .setParameter(3, now)
                .setParameter(4, statusCode)
                .setParameter(5, latencyMillis)
                .setParameter(6, error)
                .executeUpdate();

        boolean delivered = statusCode != null && statusCode >= 200 && statusCode < 300;
        if (delivered) {
            em.createNativeQuery(
                            "update webhook_deliveries set state = 'DELIVERED', delivered_at = ?2,"
                                    + " lease_until = null, last_status_code = ?3,"
                                    + " last_error = null where id = ?1")
                    .setParameter(1, due.deliveryId())
                    .setParameter(2, now)
                    .setParameter(3, statusCode)
                    .executeUpdate();
            return;
        }
        em.createNativeQuery(
                        "update webhook_deliveries set lease_until = null, last_status_code = ?2,"
                                + " last_error = ?3, next_attempt_at = ?4,"
                                + " state = case when created_at < ?5 then 'DEAD' else 'PENDING'"
                                + " end where id = ?1")
                .setParameter(1, due.deliveryId())
                .setParameter(2, statusCode)
                .setParameter(3, error)
                .setParameter(4, now.plus(schedule.waitAfter(due.attempt())))
                .setParameter(5, now.minus(schedule.giveUpAfter()))
                .executeUpdate();
    }
}

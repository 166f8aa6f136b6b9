package io.chroom.application.webhook;

import io.chroom.application.ApiJson;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.webhook.EventType;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Records an event and its deliveries inside the caller's transaction: the transactional outbox. If
 * the change that caused the event rolls back, so does the event; if it commits, the event will be
 * delivered, whatever happens to this server afterwards.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class WebhookOutbox {

    @PersistenceContext private EntityManager em;

    /**
     * Records that {@code type} happened to {@code subjectId} of {@code accountId}, with {@code
     * data} (serialized as the API shows it) as the event's data, and queues a delivery to every
     * enabled subscription of the account that wants it.
     *
     * @return the event id
     */
    public String publish(String accountId, EventType type, String subjectId, Object data) {
        return publish(accountId, type, subjectId, data, null);
    }

    /**
     * Same as {@link #publish(String, EventType, String, Object)}, delivered to one subscription.
     */
    public String publish(
            String accountId, EventType type, String subjectId, Object data, String onlyTo) {
        String id = Identifiers.prefixed("evt_");
        long sequence =
                ((Number)
                                em.createNativeQuery("select nextval('webhook_event_sequence')")
                                        .getSingleResult())
                        .longValue();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        JsonObject dataJson;
        try (var reader = Json.createReader(new StringReader(ApiJson.JSONB.toJson(data)))) {
            dataJson = reader.readObject();
        }
        String body =
                Json.createObjectBuilder()
                        .add("id", id)
                        .add("type", type.value())
                        .add("created_at", now.truncatedTo(ChronoUnit.SECONDS).toString())
                        .add("sequence", sequence)
                        .add("account_id", accountId)
                        .add("data", dataJson)
                        .build()
                        .toString();

        em.createNativeQuery(
                        "insert into webhook_events"
                                + " (id, account_id, type, subject_id, sequence, body, created_at)"
                                + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, id)
                .setParameter(2, accountId)
                .setParameter(3, type.value())
                .setParameter(4, subjectId)
                .setParameter(5, sequence)
                .setParameter(6, body)
                .setParameter(7, now)
                .executeUpdate();
        em.createNativeQuery(
                        "insert into webhook_deliveries"
                                + " (id, event_id, subscription_id, account_id, state, attempts,"
                                + " next_attempt_at, created_at)"
                                + " select 'dlv_' || replace(gen_random_uuid()::text, '-', ''),"
                                + " ?1, s.id, s.account_id, 'PENDING', 0, ?2, ?2"
                                + " from webhook_subscriptions s"
                                + " where s.account_id = ?3 and s.enabled"
                                + " and (?4 = 'webhook.ping'"
                                + " or (' ' || s.event_types || ' ') like ('% ' || ?4 || ' %'))"
                                + " and (cast(?5 as varchar) is null or s.id = ?5)")
                .setParameter(1, id)
                .setParameter(2, now)
                .setParameter(3, accountId)
                .setParameter(4, type.value())
                .setParameter(5, onlyTo)
                .executeUpdate();
        return id;
    }
}

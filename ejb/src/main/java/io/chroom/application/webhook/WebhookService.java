package io.chroom.application.webhook;

import static io.chroom.application.ApiTime.now;
import static io.chroom.application.ApiTime.seconds;

import io.chroom.application.Caller;
import io.chroom.application.Callers;
import io.chroom.application.Created;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.Page;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.webhook.EventType;
import io.chroom.domain.model.webhook.WebhookSubscription;
import io.chroom.infrastructure.persistence.Cursor;
import io.chroom.infrastructure.persistence.IdempotencyStore;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The calling account's webhook subscriptions, their delivery log, and redelivery (scope {@code
 * webhooks:admin}). Another account's subscription or delivery answers not found.
 */
@Stateless
@DeclareRoles("webhooks:admin")
@RolesAllowed("webhooks:admin")
public class WebhookService {

    /** How long a rotated-out secret keeps signing, unless the caller says otherwise. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);

    private static final Jsonb SNAPSHOTS = JsonbBuilder.create();

    @PersistenceContext private EntityManager em;

    @EJB private Callers callers;

    @EJB private WebhookSecrets secrets;

    @EJB private WebhookTargets targets;

    @EJB private WebhookOutbox outbox;

    @EJB private IdempotencyStore idempotency;

    /** Subscribes; the signing secret is in this answer only (a replay answers without it). */
    public Created<WebhookView> create(WebhookRequest request, String idempotencyKey) {
        Caller caller = callers.current();
        targets.checkForRegistration(request.url());
        Set<EventType> types = types(request.eventTypes());
        if (idempotencyKey != null) {
            Optional<String> earlier =
                    idempotency.claim(
                            caller.accountId(),
                            idempotencyKey,
                            "create-webhook\n" + SNAPSHOTS.toJson(request));
            if (earlier.isPresent()) {
                return new Created<>(SNAPSHOTS.fromJson(earlier.get(), WebhookView.class), true);
            }
        }

        String secret = secrets.newSecret();
        WebhookSubscription subscription =
                new WebhookSubscription(
                        Identifiers.prefixed("whk_"),
                        caller.accountId(),
                        request.url(),
                        types,
                        request.description(),
                        secrets.seal(secret),
                        now());
        em.persist(subscription);
        if (idempotencyKey != null) {
            idempotency.complete(
                    caller.accountId(), idempotencyKey, SNAPSHOTS.toJson(view(subscription, null)));
        }
        return new Created<>(view(subscription, secret), false);
    }

    public Page<WebhookView> list(int limit, String cursor) {
        Caller caller = callers.current();
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        var query =
                em.createQuery(
                                "select s from WebhookSubscription s where s.accountId = :account"
                                        + (after == null
                                                ? ""
                                                : " and (s.createdAt < :t or (s.createdAt = :t"
                                                        + " and s.id < :id))")
                                        + " order by s.createdAt desc, s.id desc",
                                WebhookSubscription.class)
                        .setParameter("account", caller.accountId())
                        .setMaxResults(limit + 1);
        if (after != null) {
            query.setParameter("t", after.createdAt()).setParameter("id", after.id());
        }
        List<WebhookSubscription> found = query.getResultList();
        boolean more = found.size() > limit;
        List<WebhookSubscription> page = more ? found.subList(0, limit) : found;
        WebhookSubscription last = more ? page.get(page.size() - 1) : null;
        return new Page<>(
                page.stream().map(s -> view(s, null)).toList(),
                last == null ? null : new Cursor(last.createdAt(), last.id()).encode());
    }

    public WebhookView get(String id) {
        return view(owned(id), null);
    }

    public WebhookView update(String id, WebhookChanges changes) {
        WebhookSubscription subscription = owned(id);
        if (changes.url() != null) {
            targets.checkForRegistration(changes.url());
            subscription.retarget(changes.url());
        }
        if (changes.eventTypes() != null) {
            subscription.subscribe(types(changes.eventTypes()));
        }
        if (changes.description() != null) {
            subscription.describe(changes.description());
        }
        if (changes.enabled() != null) {
            subscription.enable(changes.enabled());
        }
        return view(subscription, null);
    }

    /** Deletes the subscription and its delivery log. */
    public void delete(String id) {
        em.remove(owned(id));
    }

    /**
     * Replaces the signing secret. Until {@code graceMinutes} have passed, deliveries carry a
     * signature by the old secret beside the new one.
     */
    public WebhookView rotateSecret(String id, Integer graceMinutes) {
        WebhookSubscription subscription = owned(id);
        Duration grace = graceMinutes == null ? DEFAULT_GRACE : Duration.ofMinutes(graceMinutes);
        String secret = secrets.newSecret();
        subscription.rotateSecret(secrets.seal(secret), now().plus(grace));
        return view(subscription, secret);
    }

    /** Queues a {@code webhook.ping} event to this subscription alone; answers its event id. */
    public String ping(String id) {
        WebhookSubscription subscription = owned(id);
        return outbox.publish(
                subscription.accountId(),
                EventType.WEBHOOK_PING,
                subscription.id(),
                Map.of("webhook_id", subscription.id()),
                subscription.id());
    }

    public Page<DeliveryView> deliveries(String id, String state, int limit, String cursor) {
        WebhookSubscription subscription = owned(id);
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        String stateFilter = state == null ? null : deliveryState(state);
        List<?> rows =
                em.createNativeQuery(
                                "select d.id, d.event_id, e.type, d.subscription_id, d.state,"
                                        + " d.next_attempt_at, d.delivered_at, d.created_at"
                                        + " from webhook_deliveries d"
                                        + " join webhook_events e on e.id = d.event_id"
                                        + " where d.subscription_id = ?1"
                                        + " and (cast(?2 as varchar) is null or d.state = ?2)"
                                        + " and (cast(?3 as timestamptz) is null"
                                        + " or d.created_at < ?3"
                                        + " or (d.created_at = ?3 and d.id < ?4))"
                                        + " order by d.created_at desc, d.id desc limit ?5")
                        .setParameter(1, subscription.id())
                        .setParameter(2, stateFilter)
                        .setParameter(3, after == null ? null : after.createdAt())
                        .setParameter(4, after == null ? "" : after.id())
                        .setParameter(5, limit + 1)
                        .getResultList();
        boolean more = rows.size() > limit;
        List<?> page = more ? rows.subList(0, limit) : rows;
        Map<String, List<DeliveryView.Attempt>> attempts = attempts(page);
        List<DeliveryView> views = new ArrayList<>(page.size());
        Instant lastCreated = null;
        String lastId = null;
        for (Object row : page) {
            Object[] r = (Object[]) row;
            lastId = (String) r[0];
            lastCreated = instant(r[7]);
            views.add(
                    new DeliveryView(
                            lastId,
                            (String) r[1],
                            (String) r[2],
                            (String) r[3],
                            ((String) r[4]).toLowerCase(java.util.Locale.ROOT),
                            attempts.getOrDefault(lastId, List.of()),
                            "PENDING".equals(r[4]) ? seconds(instant(r[5])) : null,
                            seconds(instant(r[6])),
                            seconds(lastCreated)));
        }
        return new Page<>(views, more ? new Cursor(lastCreated, lastId).encode() : null);
    }

    /** Sends one event again, as a new delivery with the same event id; answers its id. */
    public String redeliver(String deliveryId) {
        Caller caller = callers.current();
        List<?> rows =
                em.createNativeQuery(
                                "select event_id, subscription_id from webhook_deliveries"
                                        + " where id = ?1 and account_id = ?2")
                        .setParameter(1, deliveryId)
                        .setParameter(2, caller.accountId())
                        .getResultList();
        if (rows.isEmpty()) {
            throw new ObjectNotFoundException("delivery", deliveryId);
        }
        Object[] row = (Object[]) rows.get(0);
        return requeue((String) row[0], (String) row[1]);
    }

    /** Sends again every event whose delivery to this subscription died since {@code since}. */
    public int redeliverFailed(String id, OffsetDateTime since) {
        WebhookSubscription subscription = owned(id);
        List<?> rows =
                em.createNativeQuery(
                                "select distinct event_id from webhook_deliveries d"
                                        + " where subscription_id = ?1 and state = 'DEAD'"
                                        + " and created_at >= ?2 and not exists (select 1 from"
                                        + " webhook_deliveries o where o.event_id = d.event_id"
                                        + " and o.subscription_id = d.subscription_id"
                                        + " and o.state <> 'DEAD')")
                        .setParameter(1, subscription.id())
                        .setParameter(2, since.toInstant())
                        .getResultList();
        for (Object eventId : rows) {
            requeue((String) eventId, subscription.id());
        }
        return rows.size();
    }

    private String requeue(String eventId, String subscriptionId) {
        String id = Identifiers.prefixed("dlv_");
        Instant now = now();
        em.createNativeQuery(
                        "insert into webhook_deliveries (id, event_id, subscription_id,"
                                + " account_id, state, attempts, next_attempt_at, created_at)"
                                + " select ?1, ?2, s.id, s.account_id, 'PENDING', 0, ?3, ?3"
                                + " from webhook_subscriptions s where s.id = ?4")
                .setParameter(1, id)
                .setParameter(2, eventId)
                .setParameter(3, now)
                .setParameter(4, subscriptionId)
                .executeUpdate();
        return id;
    }

    private Map<String, List<DeliveryView.Attempt>> attempts(List<?> deliveries) {
        Map<String, List<DeliveryView.Attempt>> byDelivery = new LinkedHashMap<>();
        if (deliveries.isEmpty()) {
            return byDelivery;
        }
        List<String> ids = deliveries.stream().map(r -> (String) ((Object[]) r)[0]).toList();
        List<?> rows =
                em.createNativeQuery(
                                "select delivery_id, attempt, attempted_at, status_code,"
                                        + " latency_ms, error from webhook_attempts"
                                        + " where delivery_id in (?1) order by attempt")
                        .setParameter(1, ids)
                        .getResultList();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            byDelivery
                    .computeIfAbsent((String) r[0], k -> new ArrayList<>())
                    .add(
                            new DeliveryView.Attempt(
                                    ((Number) r[1]).intValue(),
                                    seconds(instant(r[2])),
                                    r[3] == null ? null : ((Number) r[3]).intValue(),
                                    ((Number) r[4]).longValue(),
                                    (String) r[5]));
        }
        return byDelivery;
    }

    private WebhookSubscription owned(String id) {
        Caller caller = callers.current();
        WebhookSubscription subscription = em.find(WebhookSubscription.class, id);
        if (subscription == null || !subscription.accountId().equals(caller.accountId())) {
            throw new ObjectNotFoundException("webhook", id);
        }
        return subscription;
    }

    private static Set<EventType> types(Set<String> values) {
        EnumSet<EventType> types = EnumSet.noneOf(EventType.class);
        for (String value : values) {
            types.add(
                    EventType.fromValue(value)
                            .filter(t -> t != EventType.WEBHOOK_PING)
                            .orElseThrow(
                                    () ->
                                            new InvalidRequestException(
                                                    "event_types",
                                                    "event_types contains '"
                                                            + value
                                                            + "', which is not an event type.")));
        }
        return types;
    }

    private static String deliveryState(String value) {
        return switch (value) {
            case "pending", "delivered", "dead" -> value.toUpperCase(java.util.Locale.ROOT);
            default ->
                    throw new InvalidRequestException(
                            "state", "state must be one of pending, delivered or dead.");
        };
    }

    private static WebhookView view(WebhookSubscription s, String secret) {
        return new WebhookView(
                s.id(),
                s.url(),
                s.eventTypes().stream().map(EventType::value).sorted().toList(),
                s.enabled(),
                s.description(),
                secret,
                seconds(s.previousSecretExpiresAt()),
                seconds(s.createdAt()));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return (Instant) value;
    }
}

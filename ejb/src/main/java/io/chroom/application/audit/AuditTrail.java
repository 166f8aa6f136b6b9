package io.chroom.application.audit;

import io.chroom.application.Caller;
import io.chroom.application.Callers;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.Page;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.account.Scope;
import io.chroom.domain.model.audit.AuditEvent;
import io.chroom.domain.model.audit.AuditEventType;
import io.chroom.infrastructure.persistence.Cursor;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The security audit trail. Services record their events through it inside their own transaction,
 * so an entry exists exactly when the change it describes was committed; the authentication
 * mechanism and the error mapping record failures and refusals in transactions of their own, since
 * the request they belong to changes nothing. Network administrators ({@code accounts:admin}) read
 * it.
 */
@Stateless
@DeclareRoles(Scope.ACCOUNTS_ADMIN_ROLE)
public class AuditTrail {

    private static final Jsonb JSON = JsonbBuilder.create();

    private static final Type DETAILS =
            new ParameterizedType() {
                @Override
                public Type[] getActualTypeArguments() {
                    return new Type[] {String.class, Object.class};
                }

                @Override
                public Type getRawType() {
                    return Map.class;
                }

                @Override
                public Type getOwnerType() {
                    return null;
                }
            };

    @PersistenceContext private EntityManager em;

    @EJB private Callers callers;

    /**
     * Records what {@code actor} did to a target of {@code accountId}. The details must name no
     * secret; callers pass ids, names, scopes and the names of changed fields.
     */
    @PermitAll
    public void record(
            Caller actor,
            AuditEventType type,
            String targetType,
            String targetId,
            String accountId,
            Map<String, ?> details) {
        em.persist(
                new AuditEvent(
                        Identifiers.prefixed("aud_"),
                        type,
                        now(),
                        actor == null ? null : actor.accountId(),
                        actor == null ? null : actor.credentialId(),
                        targetType,
                        targetId,
                        accountId,
                        JSON.toJson(new LinkedHashMap<>(details))));
    }

    /**
     * Counts one request whose credential was not valid into its source address's entry of this
     * minute. The entry holds neither the credential nor any part of it.
     */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void authenticationFailed(String sourceAddress, String reason) {
        em.createNativeQuery(
                        "insert into audit_events (id, type, occurred_at, source_address,"
                                + " window_start, event_count, last_seen_at, details)"
                                + " values (?1, 'auth.failed', clock_timestamp(), ?2,"
                                + " date_trunc('minute', clock_timestamp()), 1,"
                                + " clock_timestamp(), ?3)"
                                + " on conflict (source_address, window_start)"
                                + " where type = 'auth.failed'"
                                + " do update set event_count = audit_events.event_count + 1,"
                                + " last_seen_at = excluded.last_seen_at")
                .setParameter(1, Identifiers.prefixed("aud_"))
                .setParameter(2, sourceAddress)
                .setParameter(3, JSON.toJson(Map.of("first_reason", reason)))
                .executeUpdate();
    }

    /** Records that the current caller was refused {@code method path} for want of a scope. */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void scopeRefused(String method, String path) {
        Caller caller;
        try {
            caller = callers.current();
        } catch (EJBAccessException revoked) {
            // The key went away during the request; the refusal is about that, not a scope.
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", method);
        details.put("path", path);
        details.put("scopes", caller.scopes().stream().map(Scope::value).sorted().toList());
        record(caller, AuditEventType.SCOPE_REFUSED, null, null, caller.accountId(), details);
    }

    /**
     * Entries newest first, filtered by type, by account (as actor or as owner of the target) and
     * by time.
     */
    @RolesAllowed(Scope.ACCOUNTS_ADMIN_ROLE)
    public Page<AuditEventView> list(
            String type, String accountId, Instant from, Instant to, int limit, String cursor) {
        if (type != null && AuditEventType.fromValue(type).isEmpty()) {
            throw new InvalidRequestException(
                    "type", "type must be one of the audit event types, such as key.created.");
        }
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        StringBuilder jpql = new StringBuilder("select e from AuditEvent e where 1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (type != null) {
            jpql.append(" and e.type = :type");
            parameters.put("type", AuditEventType.fromValue(type).get().value());
        }
        if (accountId != null) {
            jpql.append(" and (e.accountId = :account or e.actorAccountId = :account)");
            parameters.put("account", accountId);
        }
        if (from != null) {
            jpql.append(" and e.occurredAt >= :from");
            parameters.put("from", from);
        }
        if (to != null) {
            jpql.append(" and e.occurredAt < :to");
            parameters.put("to", to);
        }
        if (after != null) {
            jpql.append(" and (e.occurredAt < :t or (e.occurredAt = :t and e.id < :id))");
            parameters.put("t", after.createdAt());
            parameters.put("id", after.id());
        }
        jpql.append(" order by e.occurredAt desc, e.id desc");
        TypedQuery<AuditEvent> query =
                em.createQuery(jpql.toString(), AuditEvent.class).setMaxResults(limit + 1);
        parameters.forEach(query::setParameter);

        List<AuditEvent> found = query.getResultList();
        boolean more = found.size() > limit;
        List<AuditEvent> page = more ? found.subList(0, limit) : found;
        AuditEvent last = more ? page.get(page.size() - 1) : null;
        return new Page<>(
                page.stream().map(AuditTrail::view).toList(),
                last == null ? null : new Cursor(last.occurredAt(), last.id()).encode());
    }

    private static AuditEventView view(AuditEvent e) {
        Map<String, Object> details = JSON.fromJson(e.details(), DETAILS);
        return new AuditEventView(
                e.id(),
                e.type(),
                e.occurredAt().truncatedTo(ChronoUnit.SECONDS),
                e.actorAccountId(),
                e.actorCredentialId(),
                e.sourceAddress(),
                e.targetType(),
                e.targetId(),
                e.accountId(),
                details,
                e.count(),
                e.lastSeenAt().truncatedTo(ChronoUnit.SECONDS));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}

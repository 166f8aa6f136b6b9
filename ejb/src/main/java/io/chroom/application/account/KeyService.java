package io.chroom.application.account;

import io.chroom.application.Caller;
import io.chroom.application.Callers;
import io.chroom.application.Created;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.Page;
import io.chroom.application.ScopeNotHeldException;
import io.chroom.application.audit.AuditTrail;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.account.Account;
import io.chroom.domain.model.account.ApiKey;
import io.chroom.domain.model.account.Scope;
import io.chroom.domain.model.audit.AuditEventType;
import io.chroom.infrastructure.persistence.Cursor;
import io.chroom.infrastructure.persistence.IdempotencyStore;
import io.chroom.infrastructure.security.CredentialGeneration;
import io.chroom.infrastructure.security.KeySecrets;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Issues, lists and revokes the calling account's API keys, and recognises presented keys. */
@Stateless
@DeclareRoles(Scope.KEYS_ADMIN_ROLE)
public class KeyService {

    private static final Jsonb SNAPSHOTS = JsonbBuilder.create();

    @PersistenceContext private EntityManager em;

    @EJB private Callers callers;

    @EJB private IdempotencyStore idempotency;

    @EJB private AuditTrail audit;

    @Inject private CredentialGeneration generation;

    /**
     * Recognises a presented secret. Runs before the caller is known, so it is open to all; it
     * reveals nothing but whether the secret is a live key.
     */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Authenticated> authenticate(String secret) {
        if (!KeySecrets.looksLikeKey(secret)) {
            return Optional.empty();
        }
        List<Object[]> found =
                em.createQuery(
                                "select k, a from ApiKey k, Account a where a.id = k.accountId"
                                        + " and k.secretHash = :digest and k.revokedAt is null",
                                Object[].class)
                        .setParameter("digest", KeySecrets.digest(secret))
                        .getResultList();
        return found.stream()
                .findFirst()
                .map(
                        row -> {
                            ApiKey key = (ApiKey) row[0];
                            Account account = (Account) row[1];
                            return new Authenticated(
                                    key.id(),
                                    account.id(),
                                    account.effectiveRateLimit(),
                                    key.scopes().stream()
                                            .map(Scope::value)
                                            .collect(Collectors.toSet()));
                        });
    }

    /**
     * Creates a key for the caller's account with at most the caller's own scopes. The secret is in
     * this answer only; a replay with the same idempotency key answers the key without it.
     */
    @RolesAllowed(Scope.KEYS_ADMIN_ROLE)
    public Created<KeyView> create(KeyRequest request, String idempotencyKey) {
        Caller caller = callers.current();
        Set<Scope> scopes = ClientService.parseScopes(request.scopes());
        for (Scope scope : scopes) {
            if (!caller.scopes().contains(scope)) {
                throw new ScopeNotHeldException(scope.value());
            }
        }

        if (idempotencyKey != null) {
            Optional<String> earlier =
                    idempotency.claim(
                            caller.accountId(),
                            idempotencyKey,
                            "create-key\n" + request.name() + "\n" + Scope.join(scopes));
            if (earlier.isPresent()) {
                return new Created<>(SNAPSHOTS.fromJson(earlier.get(), KeyView.class), true);
            }
        }

        String secret = KeySecrets.newSecret();
        ApiKey key = issue(em, caller.accountId(), request.name(), scopes, secret);
        audit.record(
                caller,
                AuditEventType.KEY_CREATED,
                "key",
                key.id(),
                key.accountId(),
                auditDetails(key));
        if (idempotencyKey != null) {
            idempotency.complete(
                    caller.accountId(), idempotencyKey, SNAPSHOTS.toJson(view(key, null)));
        }
        return new Created<>(view(key, secret), false);
    }

    @RolesAllowed(Scope.KEYS_ADMIN_ROLE)
    public Page<KeyView> list(int limit, String cursor) {
        Caller caller = callers.current();
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        var query =
                em.createQuery(
                                "select k from ApiKey k where k.accountId = :account"
                                        + (after == null
                                                ? ""
                                                : " and (k.createdAt < :t or (k.createdAt = :t"
                                                        + " and k.id < :id))")
                                        + " order by k.createdAt desc, k.id desc",
                                ApiKey.class)
                        .setParameter("account", caller.accountId())
                        .setMaxResults(limit + 1);
        if (after != null) {
            query.setParameter("t", after.createdAt()).setParameter("id", after.id());
        }
        List<ApiKey> found = query.getResultList();
        boolean more = found.size() > limit;
        List<ApiKey> page = more ? found.subList(0, limit) : found;
        ApiKey last = more ? page.get(page.size() - 1) : null;
        return new Page<>(
                page.stream().map(k -> view(k, null)).toList(),
                last == null ? null : new Cursor(last.createdAt(), last.id()).encode());
    }

    /** Revokes one of the caller's keys; the next request with it is refused. */
    @RolesAllowed(Scope.KEYS_ADMIN_ROLE)
    public void revoke(String keyId) {
        Caller caller = callers.current();
        ApiKey key = em.find(ApiKey.class, keyId);
        if (key == null || !key.accountId().equals(caller.accountId())) {
            throw new ObjectNotFoundException("key", keyId);
        }
        if (key.revokedAt() != null) {
            return;
        }
        key.revoke(Instant.now().truncatedTo(ChronoUnit.MICROS));
        generation.advance(em);
        audit.record(
                caller,
                AuditEventType.KEY_REVOKED,
                "key",
                key.id(),
                key.accountId(),
                auditDetails(key));
    }

    /** What the audit trail keeps of a key: its name and scopes, never its secret or hint. */
    static Map<String, Object> auditDetails(ApiKey key) {
        return Map.of(
                "name", key.name(),
                "scopes", key.scopes().stream().map(Scope::value).sorted().toList());
    }

    /** Stores a new key for {@code accountId}; the caller has checked the scopes. */
    static ApiKey issue(
            EntityManager em, String accountId, String name, Set<Scope> scopes, String secret) {
        ApiKey key =
                new ApiKey(
                        Identifiers.prefixed("key_"),
                        accountId,
                        name,
                        KeySecrets.digest(secret),
                        KeySecrets.hint(secret),
                        scopes,
                        Instant.now().truncatedTo(ChronoUnit.MICROS));
        em.persist(key);
        return key;
    }

    /** The first key of a new account: every scope the account may hold. */
    static ApiKey issueFirstKey(EntityManager em, Account account, String secret) {
        return issue(em, account.id(), "first key", account.grantableScopes(), secret);
    }

    static KeyView view(ApiKey key, String secret) {
        return new KeyView(
                key.id(),
                key.accountId(),
                key.name(),
                key.scopes().stream().map(Scope::value).sorted().toList(),
                secret,
                key.secretHint(),
                key.createdAt().truncatedTo(ChronoUnit.SECONDS),
                key.revokedAt() == null ? null : key.revokedAt().truncatedTo(ChronoUnit.SECONDS));
    }
}

package io.chroom.application.account;

import io.chroom.application.Caller;
import io.chroom.application.Callers;
import io.chroom.application.Created;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.Page;
import io.chroom.application.ScopeNotHeldException;
import io.chroom.application.StateConflictException;
import io.chroom.application.audit.AuditTrail;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.account.Account;
import io.chroom.domain.model.account.OAuthClient;
import io.chroom.domain.model.account.Scope;
import io.chroom.domain.model.audit.AuditEventType;
import io.chroom.infrastructure.persistence.Cursor;
import io.chroom.infrastructure.persistence.IdempotencyStore;
import io.chroom.infrastructure.security.CredentialGeneration;
import io.chroom.infrastructure.security.ProviderClientStore;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Registers, lists, rotates and deletes the calling account's OAuth 2.0 clients (scope {@code
 * keys:admin}), and tells the authentication mechanism which client and account a verified access
 * token speaks for.
 *
 * <p>A client of Chroom's own authorization server gets a secret made here, shown once and handed
 * to the provider only as a PBKDF2 hash; a client of the external identity provider the operator
 * trusts is registered by the provider's client id and has no secret here.
 */
@Stateless
@DeclareRoles(Scope.KEYS_ADMIN_ROLE)
public class ClientService {

    private static final Jsonb SNAPSHOTS = JsonbBuilder.create();

    /** Prefix of client secrets, which tells them apart from API keys ({@code chr_}). */
    private static final String SECRET_PREFIX = "chs_";

    @PersistenceContext private EntityManager em;

    @EJB private Callers callers;

    @EJB private IdempotencyStore idempotency;

    @EJB private AuditTrail audit;

    @Inject private CredentialGeneration generation;

    @Inject
    @ConfigProperty(
            name = "chroom.oauth.issuer",
            defaultValue = "https://localhost:9443/oidc/endpoint/chroom")
    private String issuer;

    @Inject
    @ConfigProperty(name = "chroom.oauth.audience", defaultValue = "chroom-api")
    private String audience;

    /** Which authorization server issued a token: Chroom's own, or the trusted external one. */
    public enum Issuer {
        CHROOM,
        EXTERNAL
    }

    /**
     * The client a verified access token speaks for, if it is still live: {@code client} is
     * Chroom's client id for its own tokens and the provider's client id for external ones. The
     * token may use the scopes it was granted that the client still holds.
     */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Authenticated> authenticate(
            Issuer from, String client, Instant issuedAt, Set<String> grantedScopes) {
        String query =
                from == Issuer.CHROOM
                        ? "select c, a from OAuthClient c, Account a where a.id = c.accountId"
                                + " and c.id = :client and c.externalId is null"
                        : "select c, a from OAuthClient c, Account a where a.id = c.accountId"
                                + " and c.externalId = :client";
        return em
                .createQuery(query, Object[].class)
                .setParameter("client", client)
                .getResultList()
                .stream()
                .findFirst()
                .filter(row -> ((OAuthClient) row[0]).accepts(issuedAt))
                .map(
                        row -> {
                            OAuthClient found = (OAuthClient) row[0];
                            Account account = (Account) row[1];
                            return new Authenticated(
                                    found.id(),
                                    account.id(),
                                    account.effectiveRateLimit(),
                                    found.scopes().stream()
                                            .map(Scope::value)
                                            .filter(grantedScopes::contains)
                                            .collect(Collectors.toSet()));
                        });
    }

    /**
     * Registers a client for the caller's account with at most the caller's own scopes. The secret
     * is in this answer only; a replay with the same idempotency key answers the client without it.
     */
    @RolesAllowed(Scope.KEYS_ADMIN_ROLE)
    public Created<ClientView> create(ClientRequest request, String idempotencyKey) {
        Caller caller = callers.current();
        Set<Scope> scopes = parseScopes(request.scopes());
        for (Scope scope : scopes) {
            if (!caller.scopes().contains(scope)) {
                throw new ScopeNotHeldException(scope.value());
            }
        }
        String externalId = request.externalId();
        if (externalId != null
                && !em.createQuery(
                                "select c.id from OAuthClient c where c.externalId = :id",
                                String.class)
                        .setParameter("id", externalId)
                        .getResultList()
                        .isEmpty()) {
            throw new InvalidRequestException(
                    "external_id", "external_id is already registered as a Chroom client.");
        }

        if (idempotencyKey != null) {
            Optional<String> earlier =
                    idempotency.claim(
                            caller.accountId(),
                            idempotencyKey,
                            "create-client\n"
                                    + request.name()
                                    + "\n"
                                    + Scope.join(scopes)
                                    + "\n"
                                    + externalId);
            if (earlier.isPresent()) {
                return new Created<>(SNAPSHOTS.fromJson(earlier.get(), ClientView.class), true);
            }
        }

        OAuthClient client =
                new OAuthClient(
                        Identifiers.prefixed("cli_"),
                        caller.accountId(),
                        request.name(),
                        scopes,
                        externalId,
                        now());
        em.persist(client);
        String secret = null;
        if (!client.isExternal()) {
            secret = newSecret();
            new ProviderClientStore(em)
                    .register(client.id(), client.name(), scopes, audience, secret);
        }
        audit.record(
                caller,
                AuditEventType.CLIENT_CREATED,
                "oauth_client",
                client.id(),
                client.accountId(),
                auditDetails(client));
        if (idempotencyKey != null) {
            idempotency.complete(
                    caller.accountId(), idempotencyKey, SNAPSHOTS.toJson(view(client, null)));
        }
        return new Created<>(view(client, secret), false);
    }

    @RolesAllowed(Scope.KEYS_ADMIN_ROLE)
    public Page<ClientView> list(int limit, String cursor) {
        Caller caller = callers.current();
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        var query =
                em.createQuery(
                                "select c from OAuthClient c where c.accountId = :account"
                                        + " and c.deletedAt is null"
                                        + (after == null
                                                ? ""
                                                : " and (c.createdAt < :t or (c.createdAt = :t"
                                                        + " and c.id < :id))")
                                        + " order by c.createdAt desc, c.id desc",
                                OAuthClient.class)
                        .setParameter("account", caller.accountId())
                        .setMaxResults(limit + 1);
        if (after != null) {
            query.setParameter("t", after.createdAt()).setParameter("id", after.id());
        }
        List<OAuthClient> found = query.getResultList();
        boolean more = found.size() > limit;
        List<OAuthClient> page = more ? found.subList(0, limit) : found;
        OAuthClient last = more ? page.get(page.size() - 1) : null;
        return new Page<>(
                page.stream().map(c -> view(c, null)).toList(),
                last == null ? null : new Cursor(last.createdAt(), last.id()).encode());
    }

    @RolesAllowed(Scope.KEYS_ADMIN_ROLE)
    public ClientView get(String clientId) {
        return view(owned(callers.current(), clientId), null);
    }

    /**
     * Gives a client a new secret. The old secret fails at the token endpoint from the commit on,
     * and every token issued before it is refused.
     */
    @RolesAllowed(Scope.KEYS_ADMIN_ROLE)
    public ClientView rotateSecret(String clientId) {
        Caller caller = callers.current();
        OAuthClient client = owned(caller, clientId);
        if (client.isExternal()) {
            throw new StateConflictException(
                    "The client's secret is kept by the external identity provider that issues"
                            + " its tokens; rotate it there.");
        }
        String secret = newSecret();
        client.secretRotated(now());
        new ProviderClientStore(em).changeSecret(client.id(), secret);
        generation.advance(em);
        audit.record(
                caller,
                AuditEventType.CLIENT_ROTATED,
                "oauth_client",
                client.id(),
                client.accountId(),
                auditDetails(client));
        return view(client, secret);
    }

    /** Deletes a client: its tokens are refused from the next request on. */
    @RolesAllowed(Scope.KEYS_ADMIN_ROLE)
    public void delete(String clientId) {
        Caller caller = callers.current();
        OAuthClient client = owned(caller, clientId);
        client.delete(now());
        generation.advance(em);
        if (!client.isExternal()) {
            new ProviderClientStore(em).remove(client.id());
        }
        audit.record(
                caller,
                AuditEventType.CLIENT_DELETED,
                "oauth_client",
                client.id(),
                client.accountId(),
                auditDetails(client));
    }

    private OAuthClient owned(Caller caller, String clientId) {
        OAuthClient client = em.find(OAuthClient.class, clientId);
        if (client == null
                || !client.isActive()
                || !client.accountId().equals(caller.accountId())) {
            throw new ObjectNotFoundException("oauth_client", clientId);
        }
        return client;
    }

    private ClientView view(OAuthClient client, String secret) {
        return new ClientView(
                client.id(),
                client.accountId(),
                client.name(),
                client.scopes().stream().map(Scope::value).sorted().toList(),
                secret,
                client.externalId(),
                client.isExternal() ? null : issuer + "/token",
                client.createdAt().truncatedTo(ChronoUnit.SECONDS),
                client.secretRotatedAt().truncatedTo(ChronoUnit.SECONDS));
    }

    /** What the audit trail keeps of a client: never its secret. */
    private static Map<String, Object> auditDetails(OAuthClient client) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", client.name());
        details.put("scopes", client.scopes().stream().map(Scope::value).sorted().toList());
        if (client.isExternal()) {
            details.put("external_id", client.externalId());
        }
        return details;
    }

    private static String newSecret() {
        return SECRET_PREFIX + Identifiers.random(43);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static Set<Scope> parseScopes(Set<String> values) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String value : values) {
            scopes.add(
                    Scope.fromValue(value)
                            .orElseThrow(
                                    () ->
                                            new InvalidRequestException(
                                                    "scopes",
                                                    "scopes contains '"
                                                            + value
                                                            + "', which is not a Chroom scope.")));
        }
        return scopes;
    }
}

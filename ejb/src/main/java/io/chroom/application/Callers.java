package io.chroom.application;

import io.chroom.application.console.ConsoleUserService;
import io.chroom.domain.model.account.Account;
import io.chroom.domain.model.account.ApiKey;
import io.chroom.domain.model.account.ConsoleUser;
import io.chroom.domain.model.account.OAuthClient;
import io.chroom.domain.model.account.Scope;
import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Resolves the container's caller principal, whose name is the id of the credential that
 * authenticated the request (an API key, an OAuth client or a console user), to the account the
 * call acts for. A request's caller was checked against the database when the request arrived and
 * is taken from there; any other caller is read from the database, so a key revoked or a client
 * deleted a moment ago no longer resolves.
 */
@Stateless
@PermitAll
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
@DeclareRoles({
    Scope.MEETINGS_READ_ROLE,
    Scope.MEETINGS_WRITE_ROLE,
    Scope.NODES_READ_ROLE,
    Scope.NODES_ADMIN_ROLE,
    Scope.ANALYTICS_READ_ROLE,
    Scope.TOKENS_READ_ROLE,
    Scope.TOKENS_WRITE_ROLE,
    Scope.GOVERNANCE_WRITE_ROLE,
    Scope.KEYS_ADMIN_ROLE,
    Scope.ACCOUNTS_ADMIN_ROLE,
    Scope.WEBHOOKS_ADMIN_ROLE
})
public class Callers {

    private static final String CLIENT_PREFIX = "cli_";

    private static final String USER_PREFIX = "usr_";

    @Resource private SessionContext context;

    @PersistenceContext private EntityManager em;

    @Inject private AuthenticatedCaller authenticated;

    public Caller current() {
        String credentialId = context.getCallerPrincipal().getName();
        Caller known = recognised();
        if (known != null && known.credentialId().equals(credentialId)) {
            return known;
        }
        if (credentialId.startsWith(CLIENT_PREFIX)) {
            return client(credentialId);
        }
        if (credentialId.startsWith(USER_PREFIX)) {
            return ConsoleUserService.caller(em, credentialId)
                    .orElseThrow(
                            () ->
                                    new EJBAccessException(
                                            "The console user of this session was removed"));
        }
        ApiKey key = em.find(ApiKey.class, credentialId);
        if (key == null || !key.isActive()) {
            throw new EJBAccessException("The credential of this request is no longer valid");
        }
        return new Caller(key.id(), key.accountId(), key.scopes());
    }

    /** The caller's own credential, account and scopes; any credential may ask. */
    @RolesAllowed({
        Scope.MEETINGS_READ_ROLE,
        Scope.MEETINGS_WRITE_ROLE,
        Scope.NODES_READ_ROLE,
        Scope.NODES_ADMIN_ROLE,
        Scope.ANALYTICS_READ_ROLE,
        Scope.TOKENS_READ_ROLE,
        Scope.TOKENS_WRITE_ROLE,
        Scope.GOVERNANCE_WRITE_ROLE,
        Scope.KEYS_ADMIN_ROLE,
        Scope.ACCOUNTS_ADMIN_ROLE,
        Scope.WEBHOOKS_ADMIN_ROLE
    })
    public CallerView describeCurrent() {
        Caller caller = current();
        String id = caller.credentialId();
        Account account = em.find(Account.class, caller.accountId());
        return new CallerView(
                id,
                id.startsWith(CLIENT_PREFIX)
                        ? "oauth_client"
                        : id.startsWith(USER_PREFIX) ? "console_user" : "api_key",
                caller.accountId(),
                caller.scopes().stream().map(Scope::value).sorted().toList(),
                new CallerView.AccountSummary(
                        account.name(),
                        account.tier().name().toLowerCase(Locale.ROOT),
                        account.effectiveRateLimit(),
                        account.isNetworkAdmin()),
                id.startsWith(USER_PREFIX) ? consoleUser(id) : null);
    }

    private CallerView.ConsoleUserSummary consoleUser(String userId) {
        ConsoleUser user = em.find(ConsoleUser.class, userId);
        return new CallerView.ConsoleUserSummary(user.email(), user.role().value());
    }

    private Caller recognised() {
        try {
            return authenticated.get();
        } catch (ContextNotActiveException e) {
            return null;
        }
    }

    /**
     * An access token may carry fewer scopes than its client holds: the caller has those of the
     * client's scopes that the token's roles grant.
     */
    private Caller client(String clientId) {
        OAuthClient client = em.find(OAuthClient.class, clientId);
        if (client == null || !client.isActive()) {
            throw new EJBAccessException("The credential of this request is no longer valid");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (Scope scope : client.scopes()) {
            if (context.isCallerInRole(scope.value())) {
                scopes.add(scope);
            }
        }
        return new Caller(client.id(), client.accountId(), scopes);
    }
}

package io.chroom.application.account;

import io.chroom.application.Caller;
import io.chroom.application.Callers;
import io.chroom.application.Created;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.Page;
import io.chroom.application.audit.AuditTrail;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.account.Account;
import io.chroom.domain.model.account.ApiKey;
import io.chroom.domain.model.account.Scope;
import io.chroom.domain.model.account.Tier;
import io.chroom.domain.model.audit.AuditEventType;
import io.chroom.infrastructure.persistence.Cursor;
import io.chroom.infrastructure.persistence.IdempotencyStore;
import io.chroom.infrastructure.security.CredentialGeneration;
import io.chroom.infrastructure.security.KeySecrets;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The network administrators' view of accounts: open them, list them, change tier and limit. */
@Stateless
@DeclareRoles(Scope.ACCOUNTS_ADMIN_ROLE)
@RolesAllowed(Scope.ACCOUNTS_ADMIN_ROLE)
public class AccountService {

    private static final Jsonb SNAPSHOTS = JsonbBuilder.create();

    @PersistenceContext private EntityManager em;

    @EJB private Callers callers;

    @EJB private IdempotencyStore idempotency;

    @EJB private AuditTrail audit;

    @Inject private CredentialGeneration generation;

    /** Opens a customer account with a first key that holds every scope an account may hold. */
    public Created<AccountView> create(AccountRequest request, String idempotencyKey) {
        Caller caller = callers.current();
        if (idempotencyKey != null) {
            Optional<String> earlier =
                    idempotency.claim(
                            caller.accountId(),
                            idempotencyKey,
                            "create-account\n" + SNAPSHOTS.toJson(request));
            if (earlier.isPresent()) {
                return new Created<>(SNAPSHOTS.fromJson(earlier.get(), AccountView.class), true);
            }
        }

        Account account =
                new Account(
                        Identifiers.prefixed("acc_"),
                        request.name(),
                        request.tier() == null ? Tier.STANDARD : tier(request.tier()),
                        false,
                        Instant.now().truncatedTo(ChronoUnit.MICROS));
        account.overrideRateLimit(request.rateLimitPerMinute());
        em.persist(account);
        String secret = KeySecrets.newSecret();
        ApiKey key = KeyService.issueFirstKey(em, account, secret);
        KeyView firstKey = KeyService.view(key, secret);
        audit.record(
                caller,
                AuditEventType.ACCOUNT_CREATED,
                "account",
                account.id(),
                account.id(),
                auditDetails(account));
        audit.record(
                caller,
                AuditEventType.KEY_CREATED,
                "key",
                key.id(),
                account.id(),
                KeyService.auditDetails(key));

        if (idempotencyKey != null) {
            KeyView withoutSecret =
                    new KeyView(
                            firstKey.id(),
                            firstKey.accountId(),
                            firstKey.name(),
                            firstKey.scopes(),
                            null,
                            firstKey.secretHint(),
                            firstKey.createdAt(),
                            null);
            idempotency.complete(
                    caller.accountId(),
                    idempotencyKey,
                    SNAPSHOTS.toJson(view(account, withoutSecret)));
        }
        return new Created<>(view(account, firstKey), false);
    }

    public AccountView get(String accountId) {
        return view(find(accountId), null);
    }

    public Page<AccountView> list(int limit, String cursor) {
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        var query =
                em.createQuery(
                                "select a from Account a"
                                        + (after == null
                                                ? ""
                                                : " where a.createdAt < :t or (a.createdAt = :t"
                                                        + " and a.id < :id)")
                                        + " order by a.createdAt desc, a.id desc",
                                Account.class)
                        .setMaxResults(limit + 1);
        if (after != null) {
            query.setParameter("t", after.createdAt()).setParameter("id", after.id());
        }
        List<Account> found = query.getResultList();
        boolean more = found.size() > limit;
        List<Account> page = more ? found.subList(0, limit) : found;
        Account last = more ? page.get(page.size() - 1) : null;
        return new Page<>(
                page.stream().map(a -> view(a, null)).toList(),
                last == null ? null : new Cursor(last.createdAt(), last.id()).encode());
    }

    public AccountView update(String accountId, AccountChanges changes) {
        Caller caller = callers.current();
        Account account = find(accountId);
        if (changes.name() != null) {
            account.rename(changes.name());
        }
        if (changes.tier() != null) {
            account.changeTier(tier(changes.tier()));
        }
        if (changes.rateLimitPerMinute() != null) {
            account.overrideRateLimit(
                    changes.rateLimitPerMinute() == 0 ? null : changes.rateLimitPerMinute());
        }
        if (changes.tier() != null || changes.rateLimitPerMinute() != null) {
            // Checked credentials carry their account's limit: none may be reused past this.
            generation.advance(em);
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        if (changes.name() != null) {
            changed.put("name", account.name());
        }
        if (changes.tier() != null) {
            changed.put("tier", account.tier().name().toLowerCase(Locale.ROOT));
        }
        if (changes.rateLimitPerMinute() != null) {
            changed.put("rate_limit_per_minute", account.effectiveRateLimit());
            changed.put("rate_limit_overridden", account.rateLimitOverride() != null);
        }
        audit.record(
                caller,
                AuditEventType.ACCOUNT_CHANGED,
                "account",
                account.id(),
                account.id(),
                changed);
        return view(account, null);
    }

    private Account find(String accountId) {
        Account account = em.find(Account.class, accountId);
        if (account == null) {
            throw new ObjectNotFoundException("account", accountId);
        }
        return account;
    }

    private static Tier tier(String value) {
        return Tier.valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** What the audit trail keeps of a new account. */
    private static Map<String, Object> auditDetails(Account account) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", account.name());
        details.put("tier", account.tier().name().toLowerCase(Locale.ROOT));
        details.put("rate_limit_per_minute", account.effectiveRateLimit());
        details.put("network_admin", account.isNetworkAdmin());
        return details;
    }

    static AccountView view(Account account, KeyView firstKey) {
        return new AccountView(
                account.id(),
                account.name(),
                account.tier().name().toLowerCase(Locale.ROOT),
                account.effectiveRateLimit(),
                account.rateLimitOverride() != null,
                account.isNetworkAdmin(),
                account.createdAt().truncatedTo(ChronoUnit.SECONDS),
                firstKey);
    }
}

package io.chroom.application.console;

import io.chroom.application.Caller;
import io.chroom.application.Callers;
import io.chroom.application.Created;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.Page;
import io.chroom.application.StateConflictException;
import io.chroom.application.TooManyAttemptsException;
import io.chroom.application.audit.AuditTrail;
import io.chroom.domain.model.Identifiers;
import io.chroom.domain.model.account.Account;
import io.chroom.domain.model.account.ConsoleRole;
import io.chroom.domain.model.account.ConsoleUser;
import io.chroom.domain.model.account.Scope;
import io.chroom.domain.model.audit.AuditEventType;
import io.chroom.infrastructure.persistence.Cursor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The people who sign in to the console: checks a sign-in, re-reads the user behind an open session
 * on every request, and lets an account's owners and admins add and remove its people.
 *
 * <p>Passwords are hashed by Jakarta Security's PBKDF2 ({@code PBKDF2WithHmacSHA512}, 210 000
 * iterations, 32 bytes of salt). A sign-in with an unknown address still computes one hash, so the
 * answer takes as long as for a wrong password and does not tell which addresses exist.
 */
@Stateless
@DeclareRoles(Scope.KEYS_ADMIN_ROLE)
public class ConsoleUserService {

    static final Map<String, String> HASH_PARAMETERS =
            Map.of(
                    "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
                    "Pbkdf2PasswordHash.Iterations", "210000",
                    "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                    "Pbkdf2PasswordHash.KeySizeBytes", "64");

    @PersistenceContext private EntityManager em;

    @Inject private Pbkdf2PasswordHash passwords;

    @EJB private Callers callers;

    @EJB private AuditTrail audit;

    @EJB private ConsoleSessionStore sessions;

    @EJB private SignInGuard guard;

    /** A hash of nothing anyone knows, verified when the address is unknown. */
    private String decoy;

    @PostConstruct
    void configure() {
        passwords.initialize(HASH_PARAMETERS);
        decoy = passwords.generate(Identifiers.random(24).toCharArray());
    }

    /**
     * Checks an email address and password; answers the user when both match an active user. Runs
     * before anyone is signed in, so it is open to all.
     */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<SignedIn> signIn(String email, char[] password) {
        Optional<ConsoleUser> user = byEmail(email).filter(ConsoleUser::isActive);
        boolean matches =
                passwords.verify(password, user.map(ConsoleUser::passwordHash).orElse(decoy));
        if (user.isEmpty() || !matches) {
            return Optional.empty();
        }
        return signedIn(user.get());
    }

    /** The user behind an open session, as they are now; empty once they were removed. */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<SignedIn> current(String userId) {
        ConsoleUser user = em.find(ConsoleUser.class, userId);
        return user == null || !user.isActive() ? Optional.empty() : signedIn(user);
    }

    /**
     * Records a sign-in, a failed one ({@code userId} null when the address is unknown), or a
     * sign-out in the audit trail, in a transaction of its own.
     */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordSession(
            AuditEventType type, String userId, String sourceAddress, String reason) {
        ConsoleUser user = userId == null ? null : em.find(ConsoleUser.class, userId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source_address", sourceAddress);
        if (reason != null) {
            details.put("reason", reason);
        }
        Caller actor =
                user == null ? null : new Caller(user.id(), user.accountId(), java.util.Set.of());
        audit.record(
                actor,
                type,
                user == null ? null : "console_user",
                user == null ? null : user.id(),
                user == null ? null : user.accountId(),
                details);
    }

    /** Whether the address belongs to a user, active or not, for the audit of failed sign-ins. */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<String> idOf(String email) {
        return byEmail(email).map(ConsoleUser::id);
    }

    /**
     * Adds a person to the caller's account. A console user may give at most their own role (an
     * admin cannot make an owner); a key with {@code keys:admin} may give any role.
     */
    @RolesAllowed(Scope.KEYS_ADMIN_ROLE)
    public Created<UserView> create(UserRequest request) {
        Caller caller = callers.current();
        ConsoleRole role =
                ConsoleRole.fromValue(request.role())
                        .orElseThrow(
                                () ->
                                        new InvalidRequestException(
                                                "role", "role must be owner, admin or viewer."));
        ConsoleUser actor = em.find(ConsoleUser.class, caller.credentialId());
        if (actor != null && !actor.role().mayGrant(role)) {
            throw new InvalidRequestException(
                    "role", "A console " + actor.role().value() + " cannot make an owner.");
        }
        String email = request.email().trim();
        if (byEmail(email).isPresent()) {
            throw new StateConflictException("A console user with this email address exists.");
        }

        ConsoleUser user =
                new ConsoleUser(
                        Identifiers.prefixed("usr_"),
                        caller.accountId(),
                        email,
                        role,
                        passwords.generate(request.password().toCharArray()),
                        now());
        em.persist(user);
        audit.record(
                caller,
                AuditEventType.CONSOLE_USER_CREATED,
                "console_user",
                user.id(),
                user.accountId(),
                Map.of("email", user.email(), "role", role.value()));
        return new Created<>(view(user), false);
    }

    @RolesAllowed(Scope.KEYS_ADMIN_ROLE)
    public Page<UserView> list(int limit, String cursor) {
        Caller caller = callers.current();
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        var query =
                em.createQuery(
                                "select u from ConsoleUser u where u.accountId = :account"
                                        + " and u.removedAt is null"
                                        + (after == null
                                                ? ""
                                                : " and (u.createdAt < :t or (u.createdAt = :t"
                                                        + " and u.id < :id))")
                                        + " order by u.createdAt desc, u.id desc",
                                ConsoleUser.class)
                        .setParameter("account", caller.accountId())
                        .setMaxResults(limit + 1);
        if (after != null) {
            query.setParameter("t", after.createdAt()).setParameter("id", after.id());
        }
        List<ConsoleUser> found = query.getResultList();
        boolean more = found.size() > limit;
        List<ConsoleUser> page = more ? found.subList(0, limit) : found;
        ConsoleUser last = more ? page.get(page.size() - 1) : null;
        return new Page<>(
                page.stream().map(ConsoleUserService::view).toList(),
                last == null ? null : new Cursor(last.createdAt(), last.id()).encode());
    }

    /** Removes a person of the caller's account; their open sessions end with it. */
    @RolesAllowed(Scope.KEYS_ADMIN_ROLE)
    public void remove(String userId) {
        Caller caller = callers.current();
        ConsoleUser user = em.find(ConsoleUser.class, userId);
        if (user == null || !user.accountId().equals(caller.accountId()) || !user.isActive()) {
            throw new ObjectNotFoundException("console user", userId);
        }
        ConsoleUser actor = em.find(ConsoleUser.class, caller.credentialId());
        if (actor != null && !actor.role().mayGrant(user.role())) {
            throw new InvalidRequestException(
                    "role", "A console " + actor.role().value() + " cannot remove an owner.");
        }
        user.remove(now());
        sessions.closeAllOf(user.id(), null);
        audit.record(
                caller,
                AuditEventType.CONSOLE_USER_REMOVED,
                "console_user",
                user.id(),
                user.accountId(),
                Map.of("email", user.email(), "role", user.role().value()));
    }

    /**
     * Changes the signed-in person's own password, given the current one. A wrong current password
     * counts as a failed sign-in for the lock after repeated failures; while the lock lasts the
     * change is refused. Every other session of the person ends with the change; the one that asked
     * ({@code keptSession}, the digest of its secret) stays open. Any scope may ask, since it
     * concerns the caller alone; an API key or OAuth client has no password to change.
     */
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
    public void changePassword(PasswordChange change, byte[] keptSession, String clientAddress) {
        Caller caller = callers.current();
        ConsoleUser user = em.find(ConsoleUser.class, caller.credentialId());
        if (user == null || !user.isActive()) {
            throw new StateConflictException(
                    "Only a person signed in to the console has a password; this request's"
                            + " credential is an API key or an OAuth client.");
        }
        guard.lockOn(user.email(), clientAddress)
                .ifPresent(
                        lock -> {
                            throw new TooManyAttemptsException(
                                    "Too many wrong passwords; try again in "
                                            + lock.retryAfterSeconds()
                                            + " s.",
                                    lock.retryAfterSeconds());
                        });
        if (!passwords.verify(change.currentPassword().toCharArray(), user.passwordHash())) {
            guard.failed(user.email(), clientAddress);
            throw new InvalidRequestException(
                    "current_password", "current_password is not this person's password.");
        }
        guard.succeeded(user.email());
        if (change.newPassword().equals(change.currentPassword())) {
            throw new InvalidRequestException(
                    "new_password", "new_password must differ from the current password.");
        }

        user.changePassword(passwords.generate(change.newPassword().toCharArray()));
        sessions.closeAllOf(user.id(), keptSession);
        audit.record(
                caller,
                AuditEventType.CONSOLE_PASSWORD_CHANGED,
                "console_user",
                user.id(),
                user.accountId(),
                Map.of("email", user.email(), "source_address", clientAddress));
    }

    /** The caller of a console session, for {@link Callers}. */
    public static Optional<Caller> caller(EntityManager em, String userId) {
        ConsoleUser user = em.find(ConsoleUser.class, userId);
        if (user == null || !user.isActive()) {
            return Optional.empty();
        }
        Account account = em.find(Account.class, user.accountId());
        return Optional.of(new Caller(user.id(), account.id(), user.role().scopesIn(account)));
    }

    private Optional<SignedIn> signedIn(ConsoleUser user) {
        Account account = em.find(Account.class, user.accountId());
        return Optional.of(
                new SignedIn(
                        user.id(),
                        account.id(),
                        user.email(),
                        user.role().value(),
                        account.isNetworkAdmin(),
                        account.effectiveRateLimit(),
                        user.role().scopesIn(account).stream()
                                .map(Scope::value)
                                .collect(Collectors.toSet())));
    }

    private Optional<ConsoleUser> byEmail(String email) {
        if (email == null || email.isBlank() || email.length() > 254) {
            return Optional.empty();
        }
        return em.createQuery(
                        "select u from ConsoleUser u where lower(u.email) = :email",
                        ConsoleUser.class)
                .setParameter("email", email.trim().toLowerCase(Locale.ROOT))
                .getResultStream()
                .findFirst();
    }

    static UserView view(ConsoleUser user) {
        return new UserView(
                user.id(),
                user.accountId(),
                user.email(),
                user.role().value(),
                user.createdAt().truncatedTo(ChronoUnit.SECONDS));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}

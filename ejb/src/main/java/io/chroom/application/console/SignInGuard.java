package io.chroom.application.console;

import io.chroom.application.audit.AuditTrail;
import io.chroom.domain.model.audit.AuditEventType;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Locks console sign-in after repeated failures: an email address after {@code
 * CHROOM_CONSOLE_LOCKOUT_FAILURES} (5) failed sign-ins, a client address after {@code
 * CHROOM_CONSOLE_LOCKOUT_ADDRESS_FAILURES} (20), each within {@code CHROOM_CONSOLE_LOCKOUT_MINUTES}
 * (15); the lock then lasts as long, and while it lasts no password is even checked. The counts
 * live in PostgreSQL, so a lock made on one server holds on all.
 *
 * <p>An unknown address is counted like a known one, so a lock tells nothing about which addresses
 * exist. A successful sign-in clears its email address's count but not the client address's: one
 * good password does not buy more guesses at others. Each method commits on its own, so a failure
 * is counted even when the request it belongs to is refused and rolled back.
 */
@Stateless
@PermitAll
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class SignInGuard {

    /** A lock in force: what it covers ({@code email} or {@code address}) and when it ends. */
    public record Lock(String kind, long retryAfterSeconds) {}

    /** What a failure did: the lock it started, if it started one. */
    public record Failure(Optional<Lock> lockStarted) {}

    @PersistenceContext private EntityManager em;

    @EJB private AuditTrail audit;

    @Inject
    @ConfigProperty(name = "chroom.console.lockout.failures", defaultValue = "5")
    private int emailFailures;

    @Inject
    @ConfigProperty(name = "chroom.console.lockout.address.failures", defaultValue = "20")
    private int addressFailures;

    @Inject
    @ConfigProperty(name = "chroom.console.lockout.minutes", defaultValue = "15")
    private int minutes;

    @PostConstruct
    void check() {
        if (emailFailures < 1 || addressFailures < 1 || minutes < 1) {
            throw new IllegalStateException(
                    "CHROOM_CONSOLE_LOCKOUT_FAILURES, CHROOM_CONSOLE_LOCKOUT_ADDRESS_FAILURES and"
                            + " CHROOM_CONSOLE_LOCKOUT_MINUTES must be at least 1");
        }
    }

    /**
     * The lock that keeps this sign-in from being tried, if any: the email address's or the client
     * address's, whichever lasts longer.
     */
    public Optional<Lock> lockOn(String email, String clientAddress) {
        List<?> rows =
                em.createNativeQuery(
                                "select subject, ceil(extract(epoch from locked_until - now()))"
                                        + " from console_sign_in_failures"
                                        + " where subject in (?1, ?2) and locked_until > now()"
                                        + " order by locked_until desc limit 1")
                        .setParameter(1, emailSubject(email))
                        .setParameter(2, addressSubject(clientAddress))
                        .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(
                new Lock(kind((String) row[0]), Math.max(1, ((Number) row[1]).longValue())));
    }

    /**
     * Counts a failed sign-in (or a wrong current password) against both subjects; a lock it starts
     * is audited ({@code console.sign_in_locked}).
     */
    public Failure failed(String email, String clientAddress) {
        forgetOld();
        List<Lock> started = new ArrayList<>();
        count(emailSubject(email), emailFailures).ifPresent(started::add);
        count(addressSubject(clientAddress), addressFailures).ifPresent(started::add);
        for (Lock lock : started) {
            auditLock(lock, email, clientAddress);
        }
        return new Failure(started.stream().findFirst());
    }

    private void auditLock(Lock lock, String email, String clientAddress) {
        List<?> user =
                lock.kind().equals("email")
                        ? em.createNativeQuery(
                                        "select id, account_id from console_users"
                                                + " where lower(email) = ?1")
                                .setParameter(1, emailSubject(email).substring("email:".length()))
                                .getResultList()
                        : List.of();
        Object[] found = user.isEmpty() ? null : (Object[]) user.get(0);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("locked", lock.kind());
        details.put("source_address", clientAddress);
        details.put("minutes", minutes);
        audit.record(
                null,
                AuditEventType.CONSOLE_SIGN_IN_LOCKED,
                found == null ? null : "console_user",
                found == null ? null : (String) found[0],
                found == null ? null : (String) found[1],
                details);
    }

    /** A good password for {@code email}: its count starts again. */
    public void succeeded(String email) {
        em.createNativeQuery("delete from console_sign_in_failures where subject = ?1")
                .setParameter(1, emailSubject(email))
                .executeUpdate();
    }

    /**
     * One more failure of {@code subject} within its window (a window that is over starts again);
     * the failure that reaches {@code max} locks the subject, and its count starts again for the
     * time after the lock.
     */
    private Optional<Lock> count(String subject, int max) {
        em.createNativeQuery(
                        "insert into console_sign_in_failures (subject, failures, window_start)"
                                + " values (?1, 0, now()) on conflict (subject) do nothing")
                .setParameter(1, subject)
                .executeUpdate();
        Object[] row =
                (Object[])
                        em.createNativeQuery(
                                        "select failures, window_start < now() - make_interval("
                                                + "mins => ?2) from console_sign_in_failures"
                                                + " where subject = ?1 for update")
                                .setParameter(1, subject)
                                .setParameter(2, minutes)
                                .getSingleResult();
        boolean windowOver = Boolean.TRUE.equals(row[1]);
        int failures = (windowOver ? 0 : ((Number) row[0]).intValue()) + 1;
        if (failures < max) {
            em.createNativeQuery(
                            "update console_sign_in_failures set failures = ?2, window_start ="
                                    + " case when ?3 then now() else window_start end"
                                    + " where subject = ?1")
                    .setParameter(1, subject)
                    .setParameter(2, failures)
                    .setParameter(3, windowOver)
                    .executeUpdate();
            return Optional.empty();
        }
        em.createNativeQuery(
                        "update console_sign_in_failures set failures = 0, window_start = now(),"
                                + " locked_until = now() + make_interval(mins => ?2)"
                                + " where subject = ?1")
                .setParameter(1, subject)
                .setParameter(2, minutes)
                .executeUpdate();
        return Optional.of(new Lock(kind(subject), minutes * 60L));
    }

    /** Drops counts whose window and lock are both over. */
    private void forgetOld() {
        em.createNativeQuery(
                        "delete from console_sign_in_failures"
                                + " where window_start < now() - make_interval(mins => ?1)"
                                + " and (locked_until is null or locked_until < now())")
                .setParameter(1, minutes)
                .executeUpdate();
    }

    private static String emailSubject(String email) {
        String normal = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        return "email:" + (normal.length() > 254 ? normal.substring(0, 254) : normal);
    }

    private static String addressSubject(String clientAddress) {
        return "address:" + clientAddress;
    }

    private static String kind(String subject) {
        return subject.substring(0, subject.indexOf(':'));
    }
}

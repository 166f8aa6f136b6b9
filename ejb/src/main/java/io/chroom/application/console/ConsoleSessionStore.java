package io.chroom.application.console;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The console's open sessions, in PostgreSQL, so that every server of a deployment knows them: a
 * session opened on one server is good on all, and one ended on any server ends everywhere at once.
 *
 * <p>A session is a random secret of 256 bits that the browser keeps in its cookie; the table holds
 * only its SHA-256. A session ends when it has been idle for {@link #IDLE}, {@link #LIFETIME} after
 * it opened however busy it was, when its user signs out, changes their password elsewhere or is
 * removed. Its last use is written at most once a minute, so a busy page costs a read per request
 * and not a write. Times are the database's, so servers whose clocks differ agree.
 */
@Stateless
@PermitAll
public class ConsoleSessionStore {

    /** How long a session may go unused. */
    public static final Duration IDLE = Duration.ofMinutes(30);

    /** How long a session lasts at most. */
    public static final Duration LIFETIME = Duration.ofHours(12);

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext private EntityManager em;

    /**
     * Opens a session for a user who just signed in and answers its secret, for the cookie. The
     * session the browser had before, if any, is ended, and so are sessions that ran out.
     *
     * @param replaced the digest of the browser's earlier session, or null
     */
    public String open(String userId, String sourceAddress, byte[] replaced) {
        if (replaced != null) {
            close(replaced);
        }
        em.createNativeQuery(
                        "delete from console_sessions"
                                + " where last_seen_at < now() - make_interval(secs => ?1)"
                                + " or expires_at < now()")
                .setParameter(1, (double) IDLE.toSeconds())
                .executeUpdate();

        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        em.createNativeQuery(
                        "insert into console_sessions (id_hash, user_id, source_address,"
                                + " created_at, last_seen_at, expires_at)"
                                + " values (?1, ?2, ?3, now(), now(),"
                                + " now() + make_interval(secs => ?4))")
                .setParameter(1, digest(secret))
                .setParameter(2, userId)
                .setParameter(3, sourceAddress)
                .setParameter(4, (double) LIFETIME.toSeconds())
                .executeUpdate();
        return secret;
    }

    /**
     * The user of a session that is still open, whose user still exists; the session's last use is
     * recorded when the previous record is a minute old.
     */
    public Optional<String> resume(byte[] sessionDigest) {
        List<?> rows =
                em.createNativeQuery(
                                "select s.user_id, s.last_seen_at < now() - interval '1 minute'"
                                        + " from console_sessions s join console_users u"
                                        + " on u.id = s.user_id"
                                        + " where s.id_hash = ?1 and u.removed_at is null"
                                        + " and s.last_seen_at >= now() - make_interval(secs => ?2)"
                                        + " and s.expires_at > now()")
                        .setParameter(1, sessionDigest)
                        .setParameter(2, (double) IDLE.toSeconds())
                        .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        if (Boolean.TRUE.equals(row[1])) {
            em.createNativeQuery(
                            "update console_sessions set last_seen_at = now()"
                                    + " where id_hash = ?1")
                    .setParameter(1, sessionDigest)
                    .executeUpdate();
        }
        return Optional.of((String) row[0]);
    }

    /** Ends a session (signing out); ending one that is gone already changes nothing. */
    public void close(byte[] sessionDigest) {
        em.createNativeQuery("delete from console_sessions where id_hash = ?1")
                .setParameter(1, sessionDigest)
                .executeUpdate();
    }

    /**
     * Ends every session of a user but {@code kept} (null: all of them), in the caller's
     * transaction: when the password changed or the user was removed.
     */
    public void closeAllOf(String userId, byte[] kept) {
        if (kept == null) {
            em.createNativeQuery("delete from console_sessions where user_id = ?1")
                    .setParameter(1, userId)
                    .executeUpdate();
            return;
        }
        em.createNativeQuery("delete from console_sessions where user_id = ?1 and id_hash <> ?2")
                .setParameter(1, userId)
                .setParameter(2, kept)
                .executeUpdate();
    }

    /** The digest under which a session's secret is kept. */
    public static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

package io.chroom.infrastructure.persistence;

import io.chroom.application.IdempotencyConflictException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Remembers the first answer to each {@code Idempotency-Key} of an account for a day.
 *
 * <p>A key is claimed by inserting its row inside the caller's transaction. A second request with
 * the same key waits on the row's unique index until the first commits, then finds the stored
 * answer; if the first rolled back, the second claims the key itself. So a key's work is done at
 * most once, with no in-memory state shared between servers.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class IdempotencyStore {

    /** How long a key is remembered. */
    public static final Duration RETENTION = Duration.ofHours(24);

    @PersistenceContext private EntityManager em;

    /**
     * Claims {@code key} for a request, or returns the answer stored by the request that claimed it
     * first.
     *
     * @param request a canonical form of the request, including what it asks for
     * @return empty when the key is now claimed and the work must be done; otherwise the stored
     *     answer of the earlier request
     * @throws IdempotencyConflictException when the key was used with another request
     */
    public Optional<String> claim(String accountId, String key, String request) {
        byte[] hash = sha256(request);
        int claimed =
                em.createNativeQuery(
                                "insert into idempotency_records"
                                        + " (account_id, idempotency_key, request_hash, created_at)"
                                        + " values (?1, ?2, ?3, ?4) on conflict do nothing")
                        .setParameter(1, accountId)
                        .setParameter(2, key)
                        .setParameter(3, hash)
                        .setParameter(4, Instant.now())
                        .executeUpdate();
        if (claimed == 1) {
            return Optional.empty();
        }

        List<?> rows =
                em.createNativeQuery(
                                "select request_hash, response from idempotency_records"
                                        + " where account_id = ?1 and idempotency_key = ?2")
                        .setParameter(1, accountId)
                        .setParameter(2, key)
                        .getResultList();
        Object[] row = (Object[]) rows.get(0);
        if (!Arrays.equals((byte[]) row[0], hash)) {
            throw new IdempotencyConflictException();
        }
        return Optional.of((String) row[1]);
    }

    /** Stores the answer for a key this transaction claimed. */
    public void complete(String accountId, String key, String response) {
        em.createNativeQuery(
                        "update idempotency_records set response = ?3"
                                + " where account_id = ?1 and idempotency_key = ?2")
                .setParameter(1, accountId)
                .setParameter(2, key)
                .setParameter(3, response)
                .executeUpdate();
    }

    /** Forgets keys older than {@link #RETENTION}; answers how many. */
    public int purgeExpired(Instant now) {
        return em.createNativeQuery("delete from idempotency_records where created_at < ?1")
                .setParameter(1, now.minus(RETENTION))
                .executeUpdate();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}

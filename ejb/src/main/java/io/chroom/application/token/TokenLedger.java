package io.chroom.application.token;

import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Writes an account's token ledger. Each entry's reference is unique, so a cause that is applied a
 * second time fails its transaction instead of crediting twice.
 */
public final class TokenLedger {

    private TokenLedger() {}

    public static void record(
            EntityManager em,
            String accountId,
            String kind,
            BigInteger amount,
            String reference,
            Instant at) {
        em.createNativeQuery(
                        "insert into token_ledger_entries (account_id, kind, amount, reference,"
                                + " created_at) values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, accountId)
                .setParameter(2, kind)
                .setParameter(3, new BigDecimal(amount))
                .setParameter(4, reference)
                .setParameter(5, Timestamp.from(at))
                .executeUpdate();
    }
}

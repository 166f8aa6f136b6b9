package io.chroom.application.settlement;

import io.chroom.application.ApiTime;
import io.chroom.application.token.TokenAmounts;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/** Reads epochs as the API shows them. */
final class EpochQueries {

    private static final String SELECT =
            "select e.number, e.starts_at, e.ends_at, e.state, e.records, e.participant_minutes,"
                    + " e.usage_root, e.reward_root, e.reward_total, e.operators, e.price,"
                    + " e.reward_per_epoch, e.min_quality_score, case when u.contract = 'LEDGER'"
                    + " then u.tx_hash end, case when r.contract = 'REWARDS' then r.tx_hash end,"
                    + " e.settlement_id from epochs e left join chain_transactions u on u.id ="
                    + " e.usage_tx_id left join chain_transactions r on r.id = e.reward_tx_id";

    private EpochQueries() {}

    static Optional<EpochView> epoch(EntityManager em, long number) {
        return views(
                        em.createNativeQuery(SELECT + " where e.number = ?1")
                                .setParameter(1, number)
                                .getResultList())
                .stream()
                .findFirst();
    }

    static Optional<EpochView> open(EntityManager em) {
        return views(em.createNativeQuery(SELECT + " where e.state = 'open'").getResultList())
                .stream()
                .findFirst();
    }

    /** Newest first, below {@code before} (exclusive) when given. */
    static List<EpochView> newest(EntityManager em, Long before, int limit) {
        return views(
                em.createNativeQuery(
                                SELECT
                                        + " where e.number < ?1 order by e.number desc"
                                        + " limit ?2")
                        .setParameter(1, before == null ? Long.MAX_VALUE : before)
                        .setParameter(2, limit)
                        .getResultList());
    }

    private static List<EpochView> views(List<?> rows) {
        return rows.stream().map(o -> view((Object[]) o)).toList();
    }

    private static EpochView view(Object[] r) {
        return new EpochView(
                ((Number) r[0]).longValue(),
                ApiTime.seconds(ApiTime.fromDatabase(r[1])),
                ApiTime.seconds(ApiTime.fromDatabase(r[2])),
                (String) r[3],
                r[4] == null ? null : ((Number) r[4]).intValue(),
                r[5] == null ? null : ((Number) r[5]).longValue(),
                (String) r[6],
                (String) r[7],
                r[8] == null ? null : TokenAmounts.format(Epochs.units(r[8])),
                r[9] == null ? null : ((Number) r[9]).intValue(),
                TokenAmounts.format(Epochs.units(r[10])),
                TokenAmounts.format(Epochs.units(r[11])),
                ((Number) r[12]).intValue(),
                (String) r[13],
                (String) r[14],
                (String) r[15]);
    }
}

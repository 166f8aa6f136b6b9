package io.chroom.application.settlement;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * An epoch's settlement, as {@code POST /api/tokens/rewards/settle} answers it: the epoch's figures
 * under the settlement's id.
 *
 * @param id the settlement, {@code set_...}
 * @param epoch the epoch settled
 * @param state {@code pending}, {@code submitted}, {@code confirmed} or {@code failed}
 */
@JsonbNillable
@JsonbPropertyOrder({
    "id",
    "epoch",
    "state",
    "startsAt",
    "endsAt",
    "records",
    "participantMinutes",
    "usageRoot",
    "rewardRoot",
    "rewardTotal",
    "operators",
    "usageTxHash",
    "rewardTxHash"
})
public record SettlementView(
        String id,
        long epoch,
        String state,
        Instant startsAt,
        Instant endsAt,
        Integer records,
        Long participantMinutes,
        String usageRoot,
        String rewardRoot,
        String rewardTotal,
        Integer operators,
        String usageTxHash,
        String rewardTxHash) {

    static SettlementView of(EpochView epoch) {
        return new SettlementView(
                epoch.settlementId(),
                epoch.epoch(),
                epoch.state(),
                epoch.startsAt(),
                epoch.endsAt(),
                epoch.records(),
                epoch.participantMinutes(),
                epoch.usageRoot(),
                epoch.rewardRoot(),
                epoch.rewardTotal(),
                epoch.operators(),
                epoch.usageTxHash(),
                epoch.rewardTxHash());
    }
}

package io.chroom.application.settlement;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * An epoch as {@code GET /api/ledger/epochs/{n}} answers it. Figures of the settlement (records,
 * roots, totals, transactions) are {@code null} until it is settled, transaction hashes until the
 * outbox has signed them.
 *
 * @param epoch its number, from 0
 * @param state {@code open}, {@code settling} (ended, not yet settled), {@code pending}, {@code
 *     submitted}, {@code confirmed} or {@code failed}
 * @param records usage records in the usage ledger's tree
 * @param participantMinutes participant-minutes of all records
 * @param usageRoot the usage ledger's Merkle root
 * @param rewardRoot the reward tree's Merkle root; {@code null} when no operator earned
 * @param rewardTotal tokens shared among operators, a decimal string
 * @param operators operators rewarded
 * @param pricePerParticipantMinute tokens charged per participant-minute in this epoch
 * @param rewardPerEpoch tokens this epoch shares among operators
 * @param minQualityScore quality score (basis points) a record needs to earn
 * @param usageTxHash the transaction that publishes the usage root
 * @param rewardTxHash the transaction that publishes and funds the reward root
 * @param settlementId the settlement's id
 */
@JsonbNillable
@JsonbPropertyOrder({
    "epoch",
    "startsAt",
    "endsAt",
    "state",
    "records",
    "participantMinutes",
    "usageRoot",
    "rewardRoot",
    "rewardTotal",
    "operators",
    "pricePerParticipantMinute",
    "rewardPerEpoch",
    "minQualityScore",
    "usageTxHash",
    "rewardTxHash",
    "settlementId"
})
public record EpochView(
        long epoch,
        Instant startsAt,
        Instant endsAt,
        String state,
        Integer records,
        Long participantMinutes,
        String usageRoot,
        String rewardRoot,
        String rewardTotal,
        Integer operators,
        String pricePerParticipantMinute,
        String rewardPerEpoch,
        int minQualityScore,
        String usageTxHash,
        String rewardTxHash,
        String settlementId) {}

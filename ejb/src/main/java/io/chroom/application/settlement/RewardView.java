package io.chroom.application.settlement;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * An operator's reward for an epoch, with what it needs to claim it on chain: {@code
 * RewardsDistributor.claim(epoch, operator, amount in base units, proof)}.
 *
 * @param operator the operator wallet, lower case
 * @param amount tokens, a decimal string
 * @param amountUnits base units, the value the claim names
 * @param participantMinutes qualifying participant-minutes of the operator's nodes
 * @param qualityScore their minute-weighted quality score, basis points
 * @param proof sibling hashes from the leaf keccak256(keccak256(abi.encode(epoch, operator,
 *     amount))) up to the root
 * @param root the epoch's reward root
 * @param state of the root's publication: {@code pending}, {@code submitted}, {@code confirmed} or
 *     {@code failed}
 * @param claimed whether the chain has recorded the operator's claim
 */
@JsonbPropertyOrder({
    "epoch",
    "operator",
    "amount",
    "amountUnits",
    "participantMinutes",
    "qualityScore",
    "proof",
    "root",
    "state",
    "claimed"
})
public record RewardView(
        long epoch,
        String operator,
        String amount,
        String amountUnits,
        long participantMinutes,
        int qualityScore,
        List<String> proof,
        String root,
        String state,
        boolean claimed) {}

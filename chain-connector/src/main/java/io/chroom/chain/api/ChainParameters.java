package io.chroom.chain.api;

import java.math.BigInteger;

/**
 * The network's parameters as governance last set them on chain.
 *
 * @param pricePerParticipantMinute token base units charged for one participant-minute
 * @param rewardPerEpoch token base units shared among operators each epoch
 * @param minQualityScore quality (basis points, 0 to 10000) a node needs to earn rewards
 * @param epochSeconds length of an epoch
 * @param minimumStake stake an operator needs to register a node
 */
public record ChainParameters(
        BigInteger pricePerParticipantMinute,
        BigInteger rewardPerEpoch,
        int minQualityScore,
        long epochSeconds,
        BigInteger minimumStake) {}

package io.chroom.domain.model.settlement;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shares an epoch's reward among operators in proportion to the participant-minutes their nodes
 * served at or above the minimum quality score. A usage record below the minimum earns nothing; the
 * minutes of an operator's qualifying records add up, and its quality is their minute-weighted
 * mean. Each share is rounded down to a whole base unit, so the shares never add up to more than
 * the reward; what rounding leaves stays with the treasury.
 */
public final class RewardSplit {

    /**
     * What one node served in the epoch for one meeting.
     *
     * @param operator the node's operator wallet
     * @param participantMinutes participant-minutes of the record
     * @param qualityScore the record's quality score, basis points
     */
    public record Served(String operator, long participantMinutes, int qualityScore) {}

    /**
     * One operator's share.
     *
     * @param operator the operator wallet, lower case
     * @param amount base units
     * @param participantMinutes the qualifying participant-minutes of its nodes
     * @param qualityScore their minute-weighted quality score, basis points
     */
    public record Share(
            String operator, BigInteger amount, long participantMinutes, int qualityScore) {}

    private RewardSplit() {}

    /** The shares, by operator address; operators whose share rounds to nothing are left out. */
    public static List<Share> split(BigInteger reward, int minQualityScore, List<Served> served) {
        if (reward.signum() < 0) {
            throw new IllegalArgumentException("A reward cannot be negative");
        }
        Map<String, long[]> byOperator = new TreeMap<>();
        long total = 0;
        for (Served s : served) {
            if (s.participantMinutes() <= 0 || s.qualityScore() < minQualityScore) {
                continue;
            }
            long[] sums =
                    byOperator.computeIfAbsent(
                            s.operator().toLowerCase(Locale.ROOT), o -> new long[2]);
            sums[0] += s.participantMinutes();
            sums[1] += s.participantMinutes() * s.qualityScore();
            total += s.participantMinutes();
        }
        List<Share> shares = new ArrayList<>();
        if (total == 0) {
            return shares;
        }
        for (var entry : byOperator.entrySet()) {
            long minutes = entry.getValue()[0];
            BigInteger amount =
                    reward.multiply(BigInteger.valueOf(minutes)).divide(BigInteger.valueOf(total));
            if (amount.signum() > 0) {
                int quality = (int) Math.round((double) entry.getValue()[1] / minutes);
                shares.add(new Share(entry.getKey(), amount, minutes, quality));
            }
        }
        return shares;
    }
}

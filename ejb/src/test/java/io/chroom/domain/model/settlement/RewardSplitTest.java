package io.chroom.domain.model.settlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.domain.model.settlement.RewardSplit.Served;
import io.chroom.domain.model.settlement.RewardSplit.Share;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shares of an epoch's reward by qualifying participant-minutes. */
class RewardSplitTest {

    private static final String A = "0x00000000000000000000000000000000000000aa";
    private static final String B = "0x00000000000000000000000000000000000000bb";

    @Test
    void sharesFollowTheQualifyingMinutesOfEachOperatorsNodes() {
        List<Share> shares =
                RewardSplit.split(
                        BigInteger.valueOf(1000),
                        6000,
                        List.of(
                                new Served(A, 30, 9000),
                                new Served(B, 10, 7000),
                                new Served(A, 10, 8000)));

        assertEquals(2, shares.size());
        assertEquals(new Share(A, BigInteger.valueOf(800), 40, 8750), shares.get(0));
        assertEquals(new Share(B, BigInteger.valueOf(200), 10, 7000), shares.get(1));
    }

    @Test
    void recordsBelowTheMinimumQualityEarnNothing() {
        List<Share> shares =
                RewardSplit.split(
                        BigInteger.valueOf(1000),
                        6000,
                        List.of(new Served(A, 30, 5999), new Served(B, 10, 6000)));

        assertEquals(List.of(new Share(B, BigInteger.valueOf(1000), 10, 6000)), shares);
    }

    @Test
    void sharesRoundDownAndNeverExceedTheReward() {
        List<Share> shares =
                RewardSplit.split(
                        BigInteger.valueOf(100),
                        0,
                        List.of(new Served(A, 1, 9000), new Served(B, 2, 9000)));

        BigInteger total =
                shares.stream().map(Share::amount).reduce(BigInteger.ZERO, BigInteger::add);
        assertEquals(BigInteger.valueOf(33), shares.get(0).amount());
        assertEquals(BigInteger.valueOf(66), shares.get(1).amount());
        assertTrue(total.compareTo(BigInteger.valueOf(100)) <= 0, "never more than the reward");
    }

    @Test
    void operatorsAreNamedInLowerCaseOnce() {
        List<Share> shares =
                RewardSplit.split(
                        BigInteger.TEN,
                        0,
                        List.of(
                                new Served(A.toUpperCase().replace("0X", "0x"), 1, 9000),
                                new Served(A, 1, 9000)));

        assertEquals(List.of(new Share(A, BigInteger.TEN, 2, 9000)), shares);
    }

    @Test
    void noQualifyingUsageOrNoRewardSharesNothing() {
        assertEquals(
                List.of(), RewardSplit.split(BigInteger.TEN, 9000, List.of(new Served(A, 5, 100))));
        assertEquals(
                List.of(), RewardSplit.split(BigInteger.ZERO, 0, List.of(new Served(A, 5, 9000))));
        assertEquals(List.of(), RewardSplit.split(BigInteger.TEN, 0, List.of()));
    }
}

package io.chroom.application.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.application.InvalidRequestException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class GovernedParameterTest {

    @Test
    void tokenAmountsAreDecimalTokensAndTheOthersWholeNumbers() {
        GovernedParameter price = GovernedParameter.named("price_per_participant_minute").get();
        assertEquals(new BigInteger("2500000000000000"), price.parse("v", "0.0025"));
        assertEquals("0.0025", price.format(new BigInteger("2500000000000000")));
        assertEquals(BigInteger.ZERO, price.parse("v", "0"), "a price of zero is the contract's");
        GovernedParameter epoch = GovernedParameter.named("epoch_seconds").get();
        assertEquals(BigInteger.valueOf(3600), epoch.parse("v", "3600"));
        assertEquals("3600", epoch.format(BigInteger.valueOf(3600)));
        assertEquals(
                BigInteger.valueOf(10_000),
                GovernedParameter.MIN_QUALITY_SCORE.parse("v", "10000"));
        assertTrue(GovernedParameter.named("colour").isEmpty());
    }

    @Test
    void refusesWhatTheContractWouldRefuseNamingTheField() {
        Object[][] bad = {
            {GovernedParameter.MIN_QUALITY_SCORE, "10001"},
            {GovernedParameter.MIN_QUALITY_SCORE, "0.5"},
            {GovernedParameter.EPOCH_SECONDS, "0"},
            {GovernedParameter.EPOCH_SECONDS, "-1"},
            {GovernedParameter.MINIMUM_STAKE, "1.0000000000000000001"},
            {GovernedParameter.REWARD_PER_EPOCH, "1e3"},
            {GovernedParameter.PRICE_PER_PARTICIPANT_MINUTE, ""},
        };
        for (Object[] c : bad) {
            GovernedParameter parameter = (GovernedParameter) c[0];
            InvalidRequestException refused =
                    assertThrows(
                            InvalidRequestException.class,
                            () -> parameter.parse("changes[0].value", (String) c[1]),
                            () -> parameter + " refuses " + c[1]);
            assertEquals("changes[0].value", refused.errors().get(0).field());
        }
    }
}

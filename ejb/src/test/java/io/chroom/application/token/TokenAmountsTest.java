package io.chroom.application.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chroom.application.InvalidRequestException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class TokenAmountsTest {

    @Test
    void decimalTokensBecomeExactBaseUnitsAndBack() {
        assertEquals(new BigInteger("1500000000000000000"), TokenAmounts.parse("amount", "1.5"));
        assertEquals(BigInteger.ONE, TokenAmounts.parse("amount", "0.000000000000000001"));
        assertEquals("1.5", TokenAmounts.format(new BigInteger("1500000000000000000")));
        assertEquals("0", TokenAmounts.format(BigInteger.ZERO));
        assertEquals("12", TokenAmounts.format(new BigInteger("12000000000000000000")));
    }

    @Test
    void refusesWhatIsNotAPositiveAmountOfAtMost18Decimals() {
        for (String bad :
                new String[] {"0", "0.0", "-1", "1e3", "1.0000000000000000001", "", "x"}) {
            InvalidRequestException refused =
                    assertThrows(
                            InvalidRequestException.class,
                            () -> TokenAmounts.parse("amount", bad),
                            () -> "refuses " + bad);
            assertEquals("amount", refused.errors().get(0).field());
        }
    }
}

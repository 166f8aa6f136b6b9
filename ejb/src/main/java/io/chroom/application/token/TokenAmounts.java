package io.chroom.application.token;

import io.chroom.application.InvalidRequestException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Token amounts as the API writes them: decimal strings of whole tokens ("12.5"), exact to the
 * token's 18 decimals, and as the chain counts them: integer base units.
 */
public final class TokenAmounts {

    public static final int DECIMALS = 18;

    private TokenAmounts() {}

    /** Base units of a positive decimal amount; refuses more than 18 decimals. */
    public static BigInteger parse(String field, String amount) {
        if (amount == null || !amount.matches("\\d{1,40}(\\.\\d{1,18})?")) {
            throw new InvalidRequestException(
                    field,
                    field
                            + " must be a positive decimal number of tokens with at most 18"
                            + " decimals, such as \"12.5\".");
        }
        BigInteger units = new BigDecimal(amount).movePointRight(DECIMALS).toBigIntegerExact();
        if (units.signum() <= 0) {
            throw new InvalidRequestException(field, field + " must be more than zero.");
        }
        return units;
    }

    public static String format(BigInteger units) {
        BigDecimal tokens = new BigDecimal(units).movePointLeft(DECIMALS).stripTrailingZeros();
        return tokens.signum() == 0 ? "0" : tokens.toPlainString();
    }
}

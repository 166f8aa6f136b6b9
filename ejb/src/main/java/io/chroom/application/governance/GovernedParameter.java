package io.chroom.application.governance;

import io.chroom.application.InvalidRequestException;
import io.chroom.application.token.TokenAmounts;
import io.chroom.chain.api.NetworkParameter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The network parameters as the API names them ({@code price_per_participant_minute}, ...), with
 * the form of their values: amounts of tokens as decimal strings, the others as whole numbers.
 */
public enum GovernedParameter {
    PRICE_PER_PARTICIPANT_MINUTE(
            "price_per_participant_minute", NetworkParameter.PRICE_PER_PARTICIPANT_MINUTE),
    REWARD_PER_EPOCH("reward_per_epoch", NetworkParameter.REWARD_PER_EPOCH),
    MIN_QUALITY_SCORE("min_quality_score", NetworkParameter.MIN_QUALITY_SCORE),
    EPOCH_SECONDS("epoch_seconds", NetworkParameter.EPOCH_SECONDS),
    MINIMUM_STAKE("minimum_stake", NetworkParameter.MINIMUM_STAKE);

    /** The names a request may use, for the messages that list them. */
    public static final String NAMES =
            Arrays.stream(values()).map(p -> p.apiName).collect(Collectors.joining(", "));

    private final String apiName;
    private final NetworkParameter onChain;

    GovernedParameter(String apiName, NetworkParameter onChain) {
        this.apiName = apiName;
        this.onChain = onChain;
    }

    public String apiName() {
        return apiName;
    }

    public NetworkParameter onChain() {
        return onChain;
    }

    public static Optional<GovernedParameter> named(String name) {
        return Arrays.stream(values()).filter(p -> p.apiName.equals(name)).findFirst();
    }

    public static GovernedParameter of(NetworkParameter parameter) {
        return Arrays.stream(values())
                .filter(p -> p.onChain == parameter)
                .findFirst()
                .orElseThrow();
    }

    /**
     * The on-chain value of {@code value}, refusing what the contract would refuse: a quality score
     * above 10000 basis points, an epoch of zero seconds.
     */
    public BigInteger parse(String field, String value) {
        if (onChain.isTokenAmount()) {
            if (value == null || !value.matches("\\d{1,40}(\\.\\d{1,18})?")) {
                throw new InvalidRequestException(
                        field,
                        apiName
                                + " is an amount of tokens: a decimal number with at most 18"
                                + " decimals, such as \"0.002\".");
            }
            return new BigDecimal(value).movePointRight(TokenAmounts.DECIMALS).toBigIntegerExact();
        }
        if (value == null || !value.matches("\\d{1,12}")) {
            throw new InvalidRequestException(
                    field, apiName + " is a whole number, such as \"" + example() + "\".");
        }
        BigInteger number = new BigInteger(value);
        if (this == MIN_QUALITY_SCORE && number.compareTo(BigInteger.valueOf(10_000)) > 0) {
            throw new InvalidRequestException(
                    field, "min_quality_score is in basis points, from 0 to 10000.");
        }
        if (this == EPOCH_SECONDS && number.signum() == 0) {
            throw new InvalidRequestException(field, "epoch_seconds must be at least 1.");
        }
        return number;
    }

    /** The value as the API writes it. */
    public String format(BigInteger value) {
        return onChain.isTokenAmount() ? TokenAmounts.format(value) : value.toString();
    }

    private String example() {
        return this == MIN_QUALITY_SCORE ? "6000" : "3600";
    }
}

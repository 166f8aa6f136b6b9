package io.chroom.chain.api;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The parameters of the {@code NetworkParameters} contract that governance sets, each with the
 * setter a proposal calls on it. Only the timelock may call a setter, so such a call is what a
 * proposal carries, never a transaction the platform sends.
 */
public enum NetworkParameter {
    PRICE_PER_PARTICIPANT_MINUTE("setPricePerParticipantMinute", true),
    REWARD_PER_EPOCH("setRewardPerEpoch", true),
    MIN_QUALITY_SCORE("setMinQualityScore", false),
    EPOCH_SECONDS("setEpochLength", false),
    MINIMUM_STAKE("setMinimumStake", true);

    private final String setter;
    private final boolean tokenAmount;
    private final String selector;

    NetworkParameter(String setter, boolean tokenAmount) {
        this.setter = setter;
        this.tokenAmount = tokenAmount;
        this.selector =
                Numeric.toHexString(
                        Hash.sha3((setter + "(uint256)").getBytes(StandardCharsets.UTF_8)),
                        0,
                        4,
                        true);
    }

    /** Whether the value is an amount of tokens in base units (otherwise a plain number). */
    public boolean isTokenAmount() {
        return tokenAmount;
    }

    /** The ABI-encoded call of this parameter's setter with {@code value}. */
    public byte[] setterCall(BigInteger value) {
        String data =
                FunctionEncoder.encode(
                        new Function(setter, List.of(new Uint256(value)), List.of()));
        return HexFormat.of().parseHex(data.substring(2));
    }

    /**
     * A setter call read back: which parameter and what value, or empty when the call is not one of
     * the setters.
     */
    public static Optional<Change> decode(byte[] call) {
        if (call.length != 36) {
            return Optional.empty();
        }
        String selector = "0x" + HexFormat.of().formatHex(Arrays.copyOf(call, 4));
        for (NetworkParameter parameter : values()) {
            if (parameter.selector.equals(selector)) {
                @SuppressWarnings("rawtypes")
                List<Type> decoded =
                        FunctionReturnDecoder.decode(
                                HexFormat.of().formatHex(call, 4, 36),
                                List.of((TypeReference) new TypeReference<Uint256>() {}));
                return Optional.of(new Change(parameter, (BigInteger) decoded.get(0).getValue()));
            }
        }
        return Optional.empty();
    }

    /**
     * One parameter set to one value.
     *
     * @param parameter which parameter
     * @param value its new value, in base units for token amounts
     */
    public record Change(NetworkParameter parameter, BigInteger value) {}
}

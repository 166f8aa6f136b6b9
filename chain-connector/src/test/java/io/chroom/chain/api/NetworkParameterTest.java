package io.chroom.chain.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/** Setter calls of the network parameters; ContractsIT checks one against the contract. */
class NetworkParameterTest {

    @Test
    void aSetterCallIsTheSettersSelectorAndTheValueAndReadsBack() {
        byte[] call = NetworkParameter.MINIMUM_STAKE.setterCall(BigInteger.valueOf(1234));
        byte[] selector =
                Arrays.copyOf(
                        Hash.sha3("setMinimumStake(uint256)".getBytes(StandardCharsets.UTF_8)), 4);
        assertEquals(36, call.length);
        assertEquals(HexFormat.of().formatHex(selector), HexFormat.of().formatHex(call, 0, 4));
        assertEquals(BigInteger.valueOf(1234), new BigInteger(1, Arrays.copyOfRange(call, 4, 36)));

        for (NetworkParameter parameter : NetworkParameter.values()) {
            BigInteger value = BigInteger.TEN.pow(18).add(BigInteger.valueOf(parameter.ordinal()));
            NetworkParameter.Change read =
                    NetworkParameter.decode(parameter.setterCall(value)).orElseThrow();
            assertEquals(parameter, read.parameter());
            assertEquals(value, read.value());
        }
    }

    @Test
    void otherCallsAreNoParameterChange() {
        byte[] transfer = ChainCall.transfer("0x" + "11".repeat(20), BigInteger.ONE).dataBytes();
        assertTrue(NetworkParameter.decode(transfer).isEmpty(), "a token transfer");
        byte[] truncated =
                Arrays.copyOf(NetworkParameter.EPOCH_SECONDS.setterCall(BigInteger.TEN), 20);
        assertTrue(NetworkParameter.decode(truncated).isEmpty(), "a call cut short");
        assertTrue(NetworkParameter.decode(new byte[0]).isEmpty(), "no call");
    }

    @Test
    void aProposalsIdDependsOnItsCallsAndItsDescription() {
        List<String> targets = List.of("0x" + "22".repeat(20));
        List<BigInteger> values = List.of(BigInteger.ZERO);
        List<byte[]> calls = List.of(NetworkParameter.EPOCH_SECONDS.setterCall(BigInteger.TEN));
        BigInteger id = ChainCall.proposalId(targets, values, calls, "ten-second epochs");
        assertEquals(id, ChainCall.proposalId(targets, values, calls, "ten-second epochs"));
        assertNotEquals(id, ChainCall.proposalId(targets, values, calls, "ten-second epochs!"));
        assertNotEquals(
                id,
                ChainCall.proposalId(
                        targets,
                        values,
                        List.of(NetworkParameter.EPOCH_SECONDS.setterCall(BigInteger.TWO)),
                        "ten-second epochs"));
        assertTrue(id.bitLength() <= 256 && id.signum() > 0);
    }
}

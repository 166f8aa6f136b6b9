package io.chroom.chain.api;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;

/**
 * A call of one of the Chroom contracts that the platform's signer sends as a transaction. The
 * application stores it (contract and data) with the payment or settlement it belongs to, and the
 * outbox signs and sends it later; so it is a plain value, made by the factories below.
 *
 * @param contract which configured contract it calls
 * @param data the ABI-encoded call, hex with 0x
 */
public record ChainCall(Contract contract, String data) {

    /** The contracts a call can address; their addresses come from the connector's config. */
    public enum Contract {
        TOKEN,
        STAKING,
        REWARDS,
        LEDGER,
        GOVERNOR
    }

    public ChainCall {
        if (contract == null || data == null || !data.matches("0x([0-9a-fA-F]{2})*")) {
            throw new IllegalArgumentException("A chain call needs a contract and hex data");
        }
    }

    /** A token transfer from the treasury (the signer) to {@code to}. */
    public static ChainCall transfer(String to, BigInteger amount) {
        return of(Contract.TOKEN, "transfer", new Address(to), new Uint256(amount));
    }

    /** Relays a holder's EIP-2612 permit, signed over (owner, signer, value, nonce, deadline). */
    public static ChainCall permit(
            String owner, String spender, BigInteger value, BigInteger deadline, byte[] signature) {
        if (signature.length != 65) {
            throw new IllegalArgumentException("A permit signature has 65 bytes");
        }
        int v = signature[64] < 27 ? signature[64] + 27 : signature[64];
        byte[] r = new byte[32];
        byte[] s = new byte[32];
        System.arraycopy(signature, 0, r, 0, 32);
        System.arraycopy(signature, 32, s, 0, 32);
        return of(
                Contract.TOKEN,
                "permit",
                new Address(owner),
                new Address(spender),
                new Uint256(value),
                new Uint256(deadline),
                new Uint8(v),
                new Bytes32(r),
                new Bytes32(s));
    }

    /** Moves a holder's permitted tokens to {@code to} (the treasury). */
    public static ChainCall transferFrom(String owner, String to, BigInteger amount) {
        return of(
                Contract.TOKEN,
                "transferFrom",
                new Address(owner),
                new Address(to),
                new Uint256(amount));
    }

    /** Publishes an epoch's reward root and funds it from the treasury, in one transaction. */
    public static ChainCall publishRewards(
            long epoch, byte[] root, BigInteger total, int operators) {
        return of(
                Contract.REWARDS,
                "publishRoot",
                new Uint256(epoch),
                new Bytes32(root),
                new Uint256(total),
                new Uint256(operators));
    }

    /** Publishes an epoch's usage-ledger root. */
    public static ChainCall publishUsage(long epoch, byte[] root, int records) {
        return of(
                Contract.LEDGER,
                "publishRoot",
                new Uint256(epoch),
                new Bytes32(root),
                new Uint256(records));
    }

    /** Relays a token holder's signed ballot to the governor. */
    public static ChainCall castVoteBySig(
            BigInteger proposalId, int support, String voter, byte[] signature) {
        return of(
                Contract.GOVERNOR,
                "castVoteBySig",
                new Uint256(proposalId),
                new Uint8(support),
                new Address(voter),
                new DynamicBytes(signature));
    }

    /** Opens a proposal of calls that the timelock executes if it passes. */
    public static ChainCall propose(
            List<String> targets, List<BigInteger> values, List<byte[]> calls, String text) {
        return of(
                Contract.GOVERNOR,
                "propose",
                new DynamicArray<>(Address.class, targets.stream().map(Address::new).toList()),
                new DynamicArray<>(Uint256.class, values.stream().map(Uint256::new).toList()),
                new DynamicArray<>(
                        DynamicBytes.class, calls.stream().map(DynamicBytes::new).toList()),
                new Utf8String(text));
    }

    /**
     * The id the governor gives the proposal of these calls with this description: the hash of
     * their ABI encoding with the description's hash, as OpenZeppelin's {@code hashProposal}.
     */
    public static BigInteger proposalId(
            List<String> targets, List<BigInteger> values, List<byte[]> calls, String text) {
        String encoded =
                FunctionEncoder.encodeConstructor(
                        List.of(
                                new DynamicArray<>(
                                        Address.class, targets.stream().map(Address::new).toList()),
                                new DynamicArray<>(
                                        Uint256.class, values.stream().map(Uint256::new).toList()),
                                new DynamicArray<>(
                                        DynamicBytes.class,
                                        calls.stream().map(DynamicBytes::new).toList()),
                                new Bytes32(Hash.sha3(text.getBytes(StandardCharsets.UTF_8)))));
        return new BigInteger(1, Hash.sha3(HexFormat.of().parseHex(encoded)));
    }

    public byte[] dataBytes() {
        return HexFormat.of().parseHex(data.substring(2));
    }

    private static ChainCall of(Contract contract, String function, Type<?>... arguments) {
        return new ChainCall(
                contract,
                FunctionEncoder.encode(new Function(function, List.of(arguments), List.of())));
    }
}

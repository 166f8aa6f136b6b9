package io.chroom.chain.api;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * The EIP-712 messages token holders sign for Chroom: permits (EIP-2612) that the platform relays
 * as payments, ballots the platform relays to the governor, and the link of a wallet to an account.
 * Digests are built as the contracts build them, so a signature valid here is valid on chain.
 */
public final class Eip712 {

    private static final byte[] DOMAIN_TYPE =
            type(
                    "EIP712Domain(string name,string version,uint256 chainId,"
                            + "address verifyingContract)");
    private static final byte[] PERMIT_TYPE =
            type(
                    "Permit(address owner,address spender,uint256 value,uint256 nonce,"
                            + "uint256 deadline)");
    private static final byte[] BALLOT_TYPE =
            type("Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce)");
    private static final byte[] WALLET_LINK_TYPE =
            type("WalletLink(string account,address wallet,uint256 nonce)");

    /** Name and version of the token's domain (OpenZeppelin's ERC20Permit uses version 1). */
    public static final String TOKEN_DOMAIN = "Chroom";

    public static final String GOVERNOR_DOMAIN = "Chroom Governor";

    private Eip712() {}

    public static byte[] permit(
            long chainId,
            String token,
            String owner,
            String spender,
            BigInteger value,
            BigInteger nonce,
            BigInteger deadline) {
        byte[] struct =
                Hash.sha3(
                        new MerkleTree.Abi()
                                .bytes32(PERMIT_TYPE)
                                .address(owner)
                                .address(spender)
                                .uint256(value)
                                .uint256(nonce)
                                .uint256(deadline)
                                .encode());
        return digest(domain(TOKEN_DOMAIN, chainId, token), struct);
    }

    public static byte[] ballot(
            long chainId,
            String governor,
            BigInteger proposalId,
            int support,
            String voter,
            BigInteger nonce) {
        byte[] struct =
                Hash.sha3(
                        new MerkleTree.Abi()
                                .bytes32(BALLOT_TYPE)
                                .uint256(proposalId)
                                .uint256(support)
                                .address(voter)
                                .uint256(nonce)
                                .encode());
        return digest(domain(GOVERNOR_DOMAIN, chainId, governor), struct);
    }

    /**
     * What a wallet signs to be linked to a Chroom account. The token's domain binds it to the
     * network; the nonce, issued by the server, makes each signature good for one link.
     */
    public static byte[] walletLink(
            long chainId, String token, String account, String wallet, BigInteger nonce) {
        byte[] struct =
                Hash.sha3(
                        new MerkleTree.Abi()
                                .bytes32(WALLET_LINK_TYPE)
                                .bytes32(Hash.sha3(account.getBytes(StandardCharsets.UTF_8)))
                                .address(wallet)
                                .uint256(nonce)
                                .encode());
        return digest(domain(TOKEN_DOMAIN, chainId, token), struct);
    }

    /**
     * The address that made a 65-byte signature (r, s, v) of a digest, in lower case with 0x.
     *
     * @throws IllegalArgumentException when the signature is malformed or recovers no key
     */
    public static String signer(byte[] digest, byte[] signature) {
        if (signature.length != 65) {
            throw new IllegalArgumentException("A signature has 65 bytes, not " + signature.length);
        }
        byte v = signature[64];
        if (v < 27) {
            v += 27;
        }
        Sign.SignatureData data =
                new Sign.SignatureData(
                        v,
                        Arrays.copyOfRange(signature, 0, 32),
                        Arrays.copyOfRange(signature, 32, 64));
        try {
            BigInteger key = Sign.signedMessageHashToKey(digest, data);
            return "0x" + Keys.getAddress(key);
        } catch (SignatureException | RuntimeException e) {
            throw new IllegalArgumentException("The signature recovers no key", e);
        }
    }

    private static byte[] domain(String name, long chainId, String verifyingContract) {
        return Hash.sha3(
                new MerkleTree.Abi()
                        .bytes32(DOMAIN_TYPE)
                        .bytes32(Hash.sha3(name.getBytes(StandardCharsets.UTF_8)))
                        .bytes32(Hash.sha3("1".getBytes(StandardCharsets.UTF_8)))
                        .uint256(chainId)
                        .address(verifyingContract)
                        .encode());
    }

    private static byte[] digest(byte[] domainSeparator, byte[] structHash) {
        byte[] message = new byte[66];
        message[0] = 0x19;
        message[1] = 0x01;
        System.arraycopy(domainSeparator, 0, message, 2, 32);
        System.arraycopy(structHash, 0, message, 34, 32);
        return Hash.sha3(message);
    }

    private static byte[] type(String signature) {
        return Hash.sha3(signature.getBytes(StandardCharsets.UTF_8));
    }
}

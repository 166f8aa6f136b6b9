package io.chroom.chain.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Hash;

/**
 * A Merkle tree whose proofs OpenZeppelin's {@code MerkleProof} accepts: leaves are the keccak256
 * of the keccak256 of their ABI-encoded values (so no leaf can pass for an inner node), pairs are
 * hashed in sorted order, and the tree is laid out like OpenZeppelin's standard Merkle tree (leaves
 * sorted, a complete binary tree in one array). The contracts that publish roots (rewards, usage
 * ledger) check proofs made here.
 */
public final class MerkleTree {

    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    private final byte[][] nodes;
    private final List<byte[]> leaves;

    /**
     * Each leaf's place in {@link #nodes}, so that proving every leaf of a big tree stays cheap.
     */
    private final Map<String, Integer> places = new HashMap<>();

    private MerkleTree(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            throw new IllegalArgumentException("A Merkle tree needs at least one leaf");
        }
        List<byte[]> sorted = new ArrayList<>(leafHashes);
        sorted.sort(UNSIGNED);
        int n = sorted.size();
        nodes = new byte[2 * n - 1][];
        for (int i = 0; i < n; i++) {
            nodes[nodes.length - 1 - i] = sorted.get(i);
        }
        for (int i = nodes.length - 1 - n; i >= 0; i--) {
            nodes[i] = hashPair(nodes[2 * i + 1], nodes[2 * i + 2]);
        }
        leaves = List.copyOf(sorted);
        for (int i = 0; i < n; i++) {
            places.putIfAbsent(HexFormat.of().formatHex(sorted.get(i)), nodes.length - 1 - i);
        }
    }

    /** A tree over leaf hashes made with {@link #leaf}. */
    public static MerkleTree of(List<byte[]> leafHashes) {
        return new MerkleTree(leafHashes);
    }

    /** The double keccak256 of one record's ABI encoding (see {@link Abi}). */
    public static byte[] leaf(byte[] abiEncoded) {
        return Hash.sha3(Hash.sha3(abiEncoded));
    }

    public byte[] root() {
        return nodes[0].clone();
    }

    public int size() {
        return leaves.size();
    }

    /** The sibling hashes from the leaf up to the root. */
    public List<byte[]> proof(byte[] leafHash) {
        int index = indexOf(leafHash);
        List<byte[]> proof = new ArrayList<>();
        while (index > 0) {
            int sibling = index % 2 == 1 ? index + 1 : index - 1;
            proof.add(nodes[sibling].clone());
            index = (index - 1) / 2;
        }
        return proof;
    }

    /** What {@code MerkleProof.verify} answers on chain, computed here. */
    public static boolean verify(List<byte[]> proof, byte[] root, byte[] leafHash) {
        byte[] computed = leafHash;
        for (byte[] sibling : proof) {
            computed = hashPair(computed, sibling);
        }
        return Arrays.equals(computed, root);
    }

    private int indexOf(byte[] leafHash) {
        Integer place = places.get(HexFormat.of().formatHex(leafHash));
        if (place == null) {
            throw new IllegalArgumentException(
                    "Not a leaf of this tree: 0x" + HexFormat.of().formatHex(leafHash));
        }
        return place;
    }

    private static byte[] hashPair(byte[] a, byte[] b) {
        byte[] joined = new byte[64];
        boolean ordered = UNSIGNED.compare(a, b) <= 0;
        System.arraycopy(ordered ? a : b, 0, joined, 0, 32);
        System.arraycopy(ordered ? b : a, 0, joined, 32, 32);
        return Hash.sha3(joined);
    }

    /** ABI encoding of static values, as Solidity's {@code abi.encode} lays them out. */
    public static final class Abi {
        private final List<byte[]> words = new ArrayList<>();

        public Abi uint256(BigInteger value) {
            if (value.signum() < 0 || value.bitLength() > 256) {
                throw new IllegalArgumentException("Not a uint256: " + value);
            }
            byte[] raw = value.toByteArray();
            byte[] word = new byte[32];
            int length = Math.min(raw.length, 32);
            System.arraycopy(raw, raw.length - length, word, 32 - length, length);
            words.add(word);
            return this;
        }

        public Abi uint256(long value) {
            return uint256(BigInteger.valueOf(value));
        }

        public Abi address(String hex) {
            byte[] raw = HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
            if (raw.length != 20) {
                throw new IllegalArgumentException("Not a 20-byte address: " + hex);
            }
            byte[] word = new byte[32];
            System.arraycopy(raw, 0, word, 12, 20);
            words.add(word);
            return this;
        }

        public Abi bytes32(byte[] value) {
            if (value.length != 32) {
                throw new IllegalArgumentException("Not 32 bytes");
            }
            words.add(value.clone());
            return this;
        }

        public byte[] encode() {
            byte[] out = new byte[words.size() * 32];
            for (int i = 0; i < words.size(); i++) {
                System.arraycopy(words.get(i), 0, out, i * 32, 32);
            }
            return out;
        }
    }
}

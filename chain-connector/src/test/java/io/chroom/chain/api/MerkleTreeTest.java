package io.chroom.chain.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proofs of the Java Merkle tree; ContractsIT checks the same proofs on chain. */
class MerkleTreeTest {

    private static List<byte[]> leaves(int count) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            leaves.add(
                    MerkleTree.leaf(
                            new MerkleTree.Abi()
                                    .uint256(7)
                                    .address(String.format("0x%040x", i + 1))
                                    .uint256(BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(i)))
                                    .encode()));
        }
        return leaves;
    }

    @Test
    void everyLeafProvesAgainstTheRootForTreesOfOneToSixtyFourLeaves() {
        for (int size = 1; size <= 64; size++) {
            List<byte[]> leaves = leaves(size);
            MerkleTree tree = MerkleTree.of(leaves);
            for (byte[] leaf : leaves) {
                assertTrue(
                        MerkleTree.verify(tree.proof(leaf), tree.root(), leaf),
                        "a leaf of a tree of " + size + " proves");
            }
        }
    }

    @Test
    void theRootDoesNotDependOnTheOrderOfTheLeaves() {
        List<byte[]> leaves = leaves(13);
        byte[] root = MerkleTree.of(leaves).root();
        Collections.reverse(leaves);
        assertArrayEquals(root, MerkleTree.of(leaves).root());
    }

    @Test
    void aProofDoesNotProveAnotherLeafOrAnotherRoot() {
        List<byte[]> leaves = leaves(9);
        MerkleTree tree = MerkleTree.of(leaves);
        List<byte[]> proof = tree.proof(leaves.get(3));
        assertFalse(MerkleTree.verify(proof, tree.root(), leaves.get(4)));
        assertFalse(MerkleTree.verify(proof, MerkleTree.of(leaves(8)).root(), leaves.get(3)));
        assertEquals(0, MerkleTree.of(leaves(1)).proof(leaves(1).get(0)).size());
        assertThrows(IllegalArgumentException.class, () -> tree.proof(new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.of(List.of()));
    }

    @Test
    void abiEncodingPadsAddressesAndNumbersToWords() {
        byte[] encoded =
                new MerkleTree.Abi()
                        .address("0x00000000000000000000000000000000000000ff")
                        .uint256(258)
                        .encode();
        assertEquals(64, encoded.length);
        assertEquals((byte) 0xff, encoded[31]);
        assertEquals(1, encoded[62]);
        assertEquals(2, encoded[63]);
        assertThrows(
                IllegalArgumentException.class,
                () -> new MerkleTree.Abi().uint256(BigInteger.valueOf(-1)));
    }
}

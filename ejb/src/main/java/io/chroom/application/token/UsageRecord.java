package io.chroom.application.token;

import io.chroom.chain.api.MerkleTree;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;

/**
 * One meeting's use of one media node in an epoch, as the usage ledger publishes it and as reward
 * settlement and metered charges count it.
 *
 * @param epoch the epoch number
 * @param meetingId the meeting
 * @param nodeId the node that served it
 * @param participantMinutes participant-minutes served
 * @param qualityScore measured quality, basis points (0 to 10000)
 */
public record UsageRecord(
        long epoch, String meetingId, String nodeId, long participantMinutes, int qualityScore) {

    /**
     * The record's leaf in its epoch's usage-ledger tree: the double keccak256 of abi.encode(epoch,
     * keccak256(meetingId), keccak256(nodeId), participantMinutes, qualityScore), which anyone can
     * recompute from the record and check against the root on chain.
     */
    public byte[] ledgerLeaf() {
        return MerkleTree.leaf(
                new MerkleTree.Abi()
                        .uint256(epoch)
                        .bytes32(Hash.sha3(meetingId.getBytes(StandardCharsets.UTF_8)))
                        .bytes32(Hash.sha3(nodeId.getBytes(StandardCharsets.UTF_8)))
                        .uint256(participantMinutes)
                        .uint256(qualityScore)
                        .encode());
    }
}

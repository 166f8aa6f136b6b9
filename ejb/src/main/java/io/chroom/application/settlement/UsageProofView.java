package io.chroom.application.settlement;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * A meeting's records in the usage ledger, each with the proof that puts it under its epoch's root
 * ({@code GET /api/ledger/meetings/{id}/proof}).
 *
 * @param meetingId the meeting
 * @param data its records, by epoch and node
 */
@JsonbPropertyOrder({"meetingId", "data"})
public record UsageProofView(String meetingId, List<RecordProof> data) {

    /**
     * One record and its proof. The leaf is the double keccak256 of abi.encode(epoch,
     * keccak256(meeting_id), keccak256(node_id), participant_minutes, quality_score), so anyone
     * recomputes it from the record and checks it with {@code UsageLedger.verify(epoch, leaf,
     * proof)} or with OpenZeppelin's {@code MerkleProof} against {@code root}.
     *
     * @param qualityScore basis points: 100 x the mean E-model rating R of its audio minutes
     * @param proof sibling hashes from the leaf up to the root
     * @param ledgerContract the usage ledger that holds the epoch's root
     * @param state of the root's publication: {@code pending}, {@code submitted}, {@code confirmed}
     *     or {@code failed}
     */
    @JsonbPropertyOrder({
        "epoch",
        "nodeId",
        "participantMinutes",
        "qualityScore",
        "leaf",
        "proof",
        "root",
        "ledgerContract",
        "state"
    })
    public record RecordProof(
            long epoch,
            String nodeId,
            long participantMinutes,
            int qualityScore,
            String leaf,
            List<String> proof,
            String root,
            String ledgerContract,
            String state) {}
}

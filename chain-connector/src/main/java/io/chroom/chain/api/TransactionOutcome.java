package io.chroom.chain.api;

/**
 * What became of a transaction that is in a block.
 *
 * @param hash the transaction hash
 * @param blockNumber the block that holds it
 * @param succeeded whether it ran to the end (a reverted transaction is in a block too)
 * @param confirmations blocks from its block to the head, its own included
 * @param gasUsed gas it used
 */
public record TransactionOutcome(
        String hash, long blockNumber, boolean succeeded, long confirmations, long gasUsed) {}

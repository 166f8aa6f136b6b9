package io.chroom.chain.api;

import java.util.Map;

/**
 * One event of a Chroom contract, final at the configured confirmation depth. {@link #id()}
 * (transaction hash and log index) names it uniquely, so the application applies each once.
 *
 * @param type what happened: {@code token.transfer} (to the treasury), {@code staking.staked},
 *     {@code staking.unbonding}, {@code staking.withdrawn}, {@code staking.slashed}, {@code
 *     rewards.published}, {@code rewards.claimed}, {@code ledger.published}, {@code
 *     governance.proposed}, {@code governance.voted}, {@code governance.queued}, {@code
 *     governance.executed}, {@code governance.canceled}, {@code parameters.changed}
 * @param contract address of the contract that emitted it
 * @param blockNumber its block
 * @param transactionHash its transaction
 * @param logIndex its position in the block
 * @param fields its values: addresses in lower case with 0x, numbers in decimal, bytes in hex
 */
public record ChainEvent(
        String type,
        String contract,
        long blockNumber,
        String transactionHash,
        long logIndex,
        Map<String, String> fields) {

    public String id() {
        return transactionHash + ":" + logIndex;
    }
}

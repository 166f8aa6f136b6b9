package io.chroom.chain.api;

/**
 * The chain and contracts a connection is configured for, as the application needs them to build
 * and check signed messages (EIP-712 domains), to recognise the treasury, and to name the contracts
 * a proposal calls or an operator stakes in.
 *
 * @param chainId EIP-155 chain id
 * @param token the Chroom token
 * @param governor the governor
 * @param treasury the address that receives deposits and permit payments
 * @param signer the platform's signer, which sends every transaction of the platform
 * @param rewards the rewards distributor, where operators claim their epoch rewards
 * @param ledger the usage ledger, whose roots anyone checks usage records against
 * @param staking the node staking contract, empty when none is configured
 * @param parameters the network parameters (owned by the timelock), empty when none is configured
 */
public record ChainNetwork(
        long chainId,
        String token,
        String governor,
        String treasury,
        String signer,
        String rewards,
        String ledger,
        String staking,
        String parameters) {}

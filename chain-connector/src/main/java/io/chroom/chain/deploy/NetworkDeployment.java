package io.chroom.chain.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the Chroom contracts of one network live.
 *
 * @param chainId the EIP-155 chain id they were deployed to
 * @param token the Chroom token (ERC-20 with permits and votes)
 * @param staking the node staking contract
 * @param rewards the per-epoch rewards distributor
 * @param ledger the per-epoch usage ledger
 * @param parameters the network parameters, owned by the timelock
 * @param timelock the timelock that executes passed proposals
 * @param governor the token holders' governor
 * @param treasury the address that receives deposits and pays rewards (the platform signer)
 */
public record NetworkDeployment(
        long chainId,
        String token,
        String staking,
        String rewards,
        String ledger,
        String parameters,
        String timelock,
        String governor,
        String treasury) {

    /** The server's environment variables that point it at these contracts. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CHROOM_CHAIN_ID", Long.toString(chainId));
        env.put("CHROOM_CHAIN_TOKEN_ADDRESS", token);
        env.put("CHROOM_CHAIN_STAKING_ADDRESS", staking);
        env.put("CHROOM_CHAIN_REWARDS_ADDRESS", rewards);
        env.put("CHROOM_CHAIN_LEDGER_ADDRESS", ledger);
        env.put("CHROOM_CHAIN_PARAMETERS_ADDRESS", parameters);
        env.put("CHROOM_CHAIN_TIMELOCK_ADDRESS", timelock);
        env.put("CHROOM_CHAIN_GOVERNOR_ADDRESS", governor);
        env.put("CHROOM_CHAIN_TREASURY_ADDRESS", treasury);
        return env;
    }
}

package io.chroom.chain.deploy;

import io.chroom.chain.contracts.ChroomToken;
import io.chroom.chain.contracts.NetworkParameters;
import io.chroom.chain.contracts.NodeStaking;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Brings an operator's stake up to the network's minimum stake, as an operator does before
 * registering a media node: the operator approves the staking contract for the missing amount of
 * its own tokens, then stakes it. Running it again changes nothing once the stake is enough.
 */
public final class OperatorStaking {

    private final Web3j web3j;
    private final long chainId;
    private final String token;
    private final String staking;
    private final String parameters;

    /**
     * @param web3j the chain
     * @param chainId its EIP-155 id
     * @param token the Chroom token
     * @param staking the node staking contract
     * @param parameters the network parameters, which hold the minimum stake
     */
    public OperatorStaking(
            Web3j web3j, long chainId, String token, String staking, String parameters) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.token = token;
        this.staking = staking;
        this.parameters = parameters;
    }

    /** The contracts of a deployment's env file (what {@link NetworkDeployer} writes). */
    public static OperatorStaking of(Web3j web3j, Map<String, String> env) {
        return new OperatorStaking(
                web3j,
                Long.parseLong(env.get("CHROOM_CHAIN_ID")),
                env.get("CHROOM_CHAIN_TOKEN_ADDRESS"),
                env.get("CHROOM_CHAIN_STAKING_ADDRESS"),
                env.get("CHROOM_CHAIN_PARAMETERS_ADDRESS"));
    }

    /**
     * Stakes what the operator lacks of the minimum stake; answers the amount staked, zero when the
     * stake was enough.
     */
    public BigInteger ensureMinimum(Credentials operator) throws Exception {
        TransactionManager own =
                new FastRawTransactionManager(
                        web3j,
                        operator,
                        chainId,
                        new PollingTransactionReceiptProcessor(web3j, 100, 600));
        StaticGasProvider gas =
                new StaticGasProvider(
                        web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO),
                        BigInteger.valueOf(300_000));
        BigInteger minimum =
                NetworkParameters.load(parameters, web3j, own, gas).minimumStake().send();
        NodeStaking stakes = NodeStaking.load(staking, web3j, own, gas);
        BigInteger missing = minimum.subtract(stakes.stakeOf(operator.getAddress()).send());
        if (missing.signum() <= 0) {
            return BigInteger.ZERO;
        }
        ChroomToken.load(token, web3j, own, gas).approve(staking, missing).send();
        stakes.stake(missing).send();
        return missing;
    }

    /**
     * Stakes the minimum for each operator whose key is in CHROOM_CHAIN_OPERATOR_KEYS
     * (comma-separated), on the chain at CHROOM_CHAIN_RPC_URL, with the contracts of the env file.
     *
     * <p>usage: OperatorStaking ENV_FILE
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: OperatorStaking ENV_FILE");
            System.exit(2);
        }
        String url = System.getenv().getOrDefault("CHROOM_CHAIN_RPC_URL", "http://127.0.0.1:8545");
        String keys = System.getenv().getOrDefault("CHROOM_CHAIN_OPERATOR_KEYS", "");
        Web3j web3j = Web3j.build(new HttpService(url));
        try {
            OperatorStaking staking = of(web3j, read(Path.of(args[0])));
            for (String key : keys.split(",")) {
                if (key.isBlank()) {
                    continue;
                }
                Credentials operator = Credentials.create(key.trim());
                BigInteger staked = staking.ensureMinimum(operator);
                System.out.println(
                        "Operator "
                                + operator.getAddress()
                                + (staked.signum() == 0
                                        ? " holds the minimum stake"
                                        : " staked " + staked + " base units"));
            }
        } finally {
            web3j.shutdown();
        }
    }

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}

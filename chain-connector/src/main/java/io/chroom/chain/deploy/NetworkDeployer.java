package io.chroom.chain.deploy;

import io.chroom.chain.contracts.ChroomGovernor;
import io.chroom.chain.contracts.ChroomTimelock;
import io.chroom.chain.contracts.ChroomToken;
import io.chroom.chain.contracts.NetworkParameters;
import io.chroom.chain.contracts.NodeStaking;
import io.chroom.chain.contracts.RewardsDistributor;
import io.chroom.chain.contracts.UsageLedger;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Deploys the Chroom contracts and wires them: the timelock owns the parameters and the staking
 * contract, the governor is the timelock's only proposer, the platform signer publishes reward and
 * usage roots and is the treasury. The deployer gives up its timelock administration at the end, so
 * from then on only passed proposals change the network.
 */
public final class NetworkDeployer {

    /** One token in base units (18 decimals). */
    public static final BigInteger TOKEN = BigInteger.TEN.pow(18);

    private static final long POLL_MILLIS = 100;
    private static final int POLL_ATTEMPTS = 600;

    /**
     * The network's starting values.
     *
     * @param supply tokens minted to the deployer
     * @param price base units per participant-minute
     * @param rewardPerEpoch base units shared per epoch
     * @param minQualityScore basis points of quality a node needs to earn
     * @param epochSeconds epoch length
     * @param minimumStake stake an operator needs to register a node
     * @param unbondingSeconds delay before unbonded stake can be withdrawn
     * @param timelockSeconds delay between a proposal's queueing and its execution
     * @param votingDelayBlocks blocks between a proposal and the start of its vote
     * @param votingPeriodBlocks blocks a vote lasts
     * @param quorumPercent share of the supply that must vote
     */
    public record Settings(
            BigInteger supply,
            BigInteger price,
            BigInteger rewardPerEpoch,
            long minQualityScore,
            long epochSeconds,
            BigInteger minimumStake,
            long unbondingSeconds,
            long timelockSeconds,
            long votingDelayBlocks,
            long votingPeriodBlocks,
            long quorumPercent) {

        /** Values for a development chain: short delays, a billion tokens. */
        public static Settings development() {
            return new Settings(
                    TOKEN.multiply(BigInteger.valueOf(1_000_000_000)),
                    TOKEN.divide(BigInteger.valueOf(1000)),
                    TOKEN.multiply(BigInteger.valueOf(10_000)),
                    6000,
                    3600,
                    TOKEN.multiply(BigInteger.valueOf(1000)),
                    60,
                    1,
                    1,
                    10,
                    4);
        }

        /** The same values with another epoch length (tests settle epochs within seconds). */
        public Settings withEpochSeconds(long seconds) {
            return new Settings(
                    supply,
                    price,
                    rewardPerEpoch,
                    minQualityScore,
                    seconds,
                    minimumStake,
                    unbondingSeconds,
                    timelockSeconds,
                    votingDelayBlocks,
                    votingPeriodBlocks,
                    quorumPercent);
        }
    }

    private final Web3j web3j;
    private final Credentials deployer;
    private final long chainId;
    private final TransactionManager transactions;
    private final ContractGasProvider gas;

    public NetworkDeployer(Web3j web3j, Credentials deployer) throws IOException {
        this.web3j = web3j;
        this.deployer = deployer;
        this.chainId = web3j.ethChainId().send().getChainId().longValueExact();
        this.transactions =
                new FastRawTransactionManager(
                        web3j,
                        deployer,
                        chainId,
                        new PollingTransactionReceiptProcessor(web3j, POLL_MILLIS, POLL_ATTEMPTS));
        BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
        this.gas =
                new StaticGasProvider(
                        gasPrice.multiply(BigInteger.TWO), BigInteger.valueOf(8_000_000));
    }

    public NetworkDeployment deploy(Settings settings) throws Exception {
        String self = deployer.getAddress();

        ChroomToken token =
                ChroomToken.deploy(web3j, transactions, gas, self, settings.supply()).send();
        ChroomTimelock timelock =
                ChroomTimelock.deploy(
                                web3j,
                                transactions,
                                gas,
                                BigInteger.valueOf(settings.timelockSeconds()),
                                List.of(),
                                // Anyone may execute a proposal once it has passed and waited.
                                List.of("0x0000000000000000000000000000000000000000"),
                                self)
                        .send();
        ChroomGovernor governor =
                ChroomGovernor.deploy(
                                web3j,
                                transactions,
                                gas,
                                token.getContractAddress(),
                                timelock.getContractAddress(),
                                BigInteger.valueOf(settings.votingDelayBlocks()),
                                BigInteger.valueOf(settings.votingPeriodBlocks()),
                                BigInteger.valueOf(settings.quorumPercent()))
                        .send();
        NetworkParameters parameters =
                NetworkParameters.deploy(
                                web3j,
                                transactions,
                                gas,
                                timelock.getContractAddress(),
                                settings.price(),
                                settings.rewardPerEpoch(),
                                BigInteger.valueOf(settings.minQualityScore()),
                                BigInteger.valueOf(settings.epochSeconds()),
                                settings.minimumStake())
                        .send();
        NodeStaking staking =
                NodeStaking.deploy(
                                web3j,
                                transactions,
                                gas,
                                token.getContractAddress(),
                                BigInteger.valueOf(settings.unbondingSeconds()),
                                self,
                                timelock.getContractAddress())
                        .send();
        RewardsDistributor rewards =
                RewardsDistributor.deploy(
                                web3j,
                                transactions,
                                gas,
                                token.getContractAddress(),
                                timelock.getContractAddress(),
                                self)
                        .send();
        UsageLedger ledger =
                UsageLedger.deploy(web3j, transactions, gas, timelock.getContractAddress(), self)
                        .send();

        timelock.grantRole(timelock.PROPOSER_ROLE().send(), governor.getContractAddress()).send();
        timelock.grantRole(timelock.CANCELLER_ROLE().send(), governor.getContractAddress()).send();
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE().send(), self).send();
        // Settling an epoch pulls its rewards from the treasury into the distributor.
        token.approve(rewards.getContractAddress(), settings.supply()).send();

        return new NetworkDeployment(
                chainId,
                token.getContractAddress(),
                staking.getContractAddress(),
                rewards.getContractAddress(),
                ledger.getContractAddress(),
                parameters.getContractAddress(),
                timelock.getContractAddress(),
                governor.getContractAddress(),
                self);
    }

    /** Sends `amount` tokens from the deployer to each address (test and demo accounts). */
    public void fund(NetworkDeployment deployment, List<String> addresses, BigInteger amount)
            throws Exception {
        ChroomToken token = ChroomToken.load(deployment.token(), web3j, transactions, gas);
        for (String address : addresses) {
            token.transfer(address, amount).send();
        }
    }

    /**
     * Deploys to the chain at CHROOM_CHAIN_RPC_URL with the key in CHROOM_CHAIN_SIGNER_KEY, funds
     * the addresses given after the output file with 50 million tokens each, and writes the
     * server's variables to the output file. CHROOM_CHAIN_EPOCH_SECONDS, when set, replaces the
     * development epoch length of an hour.
     *
     * <p>usage: NetworkDeployer OUTPUT_ENV_FILE [ADDRESS...]
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: NetworkDeployer OUTPUT_ENV_FILE [ADDRESS...]");
            System.exit(2);
        }
        String url = System.getenv().getOrDefault("CHROOM_CHAIN_RPC_URL", "http://127.0.0.1:8545");
        String key = System.getenv("CHROOM_CHAIN_SIGNER_KEY");
        if (key == null || key.isBlank()) {
            System.err.println("CHROOM_CHAIN_SIGNER_KEY is not set");
            System.exit(2);
        }
        Web3j web3j = Web3j.build(new HttpService(url));
        try {
            NetworkDeployer deployer = new NetworkDeployer(web3j, Credentials.create(key));
            Settings settings = Settings.development();
            String epochSeconds = System.getenv("CHROOM_CHAIN_EPOCH_SECONDS");
            if (epochSeconds != null && !epochSeconds.isBlank()) {
                settings = settings.withEpochSeconds(Long.parseLong(epochSeconds.trim()));
            }
            NetworkDeployment deployment = deployer.deploy(settings);
            List<String> funded = new ArrayList<>(List.of(args).subList(1, args.length));
            deployer.fund(deployment, funded, TOKEN.multiply(BigInteger.valueOf(50_000_000)));
            write(Path.of(args[0]), deployment.environment());
            System.out.println("Chroom contracts deployed to chain " + deployment.chainId());
        } finally {
            web3j.shutdown();
        }
    }

    private static void write(Path file, Map<String, String> env) throws IOException {
        StringBuilder text = new StringBuilder();
        env.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "chain", ".env");
        Files.writeString(temporary, text);
        Files.move(
                temporary,
                file,
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}

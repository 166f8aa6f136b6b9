package io.chroom.it;

import io.chroom.chain.contracts.ChroomToken;
import io.chroom.chain.contracts.NetworkParameters;
import io.chroom.chain.contracts.NodeStaking;
import io.chroom.chain.contracts.RewardsDistributor;
import io.chroom.chain.contracts.UsageLedger;
import io.chroom.chain.deploy.OperatorStaking;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The test chain (anvil, started and deployed by the build) seen from the tests: its contracts'
 * addresses from the deployment's env file, the funded development accounts, and the controls that
 * stop and restart it or hold back its blocks.
 */
final class Chain {

    static final BigInteger TOKEN = BigInteger.TEN.pow(18);

    /** Keys of anvil's development accounts 1 to 9, each funded with tokens at deployment. */
    private static final List<String> KEYS =
            List.of(
                    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
                    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
                    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
                    "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
                    "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
                    "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
                    "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
                    "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
                    "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");

    static final String PORT = System.getProperty("chroom.it.anvil.port", "18545");
    static final int BLOCK_SECONDS =
            Integer.parseInt(System.getProperty("chroom.it.chain.block.seconds", "1"));

    private static final Map<String, String> ENV = readEnv();

    /** Whether this test run has seen the operator's stake at the minimum. */
    private static volatile boolean operatorStaked;

    final Web3j web3j;
    private final HttpService service;

    Chain() {
        service = new HttpService("http://127.0.0.1:" + PORT);
        web3j = Web3j.build(service);
    }

    static String env(String name) {
        String value = ENV.get(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not in the deployment's env file");
        }
        return value;
    }

    static String token() {
        return env("CHROOM_CHAIN_TOKEN_ADDRESS");
    }

    static String treasury() {
        return env("CHROOM_CHAIN_TREASURY_ADDRESS");
    }

    /**
     * The wallet of the tests' media-node operator (account 9), with at least the minimum stake a
     * node's operator needs: the deployment stakes it, and this stakes what it lacks should a test
     * have changed that.
     */
    static synchronized String operatorWallet() {
        Credentials operator = account(9);
        if (!operatorStaked) {
            Chain chain = new Chain();
            try {
                OperatorStaking.of(chain.web3j, ENV).ensureMinimum(operator);
            } catch (Exception e) {
                throw new IllegalStateException("the operator could not stake", e);
            } finally {
                chain.close();
            }
            operatorStaked = true;
        }
        return operator.getAddress();
    }

    /** Development account {@code n} (1 to 9). */
    static Credentials account(int n) {
        return Credentials.create(KEYS.get(n - 1));
    }

    ChroomToken tokenAs(Credentials who) {
        return ChroomToken.load(
                token(),
                web3j,
                new FastRawTransactionManager(
                        web3j, who, 31337, new PollingTransactionReceiptProcessor(web3j, 200, 150)),
                new StaticGasProvider(
                        BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(200_000)));
    }

    RewardsDistributor rewardsAs(Credentials who) {
        return RewardsDistributor.load(
                env("CHROOM_CHAIN_REWARDS_ADDRESS"),
                web3j,
                new FastRawTransactionManager(
                        web3j, who, 31337, new PollingTransactionReceiptProcessor(web3j, 200, 150)),
                new StaticGasProvider(
                        BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(500_000)));
    }

    /** The usage ledger, for reads (its calls need no key). */
    UsageLedger ledger() {
        return UsageLedger.load(
                env("CHROOM_CHAIN_LEDGER_ADDRESS"),
                web3j,
                new org.web3j.tx.ReadonlyTransactionManager(web3j, treasury()),
                new StaticGasProvider(BigInteger.ONE, BigInteger.valueOf(500_000)));
    }

    /** Gives {@code address} 100 ether, for the gas of the transactions a test sends from it. */
    void fundGas(String address) throws IOException {
        rpc("anvil_setBalance", List.of(address, "0x56bc75e2d63100000"));
    }

    /**
     * Stakes the network's minimum for a fresh {@code operator}: account 1 gives it exactly the
     * tokens it lacks, which it stakes, so it holds no unstaked tokens afterwards.
     */
    void stakeMinimum(Credentials operator) throws Exception {
        NetworkParameters parameters =
                NetworkParameters.load(
                        env("CHROOM_CHAIN_PARAMETERS_ADDRESS"),
                        web3j,
                        new org.web3j.tx.ReadonlyTransactionManager(web3j, treasury()),
                        new StaticGasProvider(BigInteger.ONE, BigInteger.valueOf(500_000)));
        BigInteger minimum = parameters.minimumStake().send();
        tokenAs(account(1)).transfer(operator.getAddress(), minimum).send();
        OperatorStaking.of(web3j, ENV).ensureMinimum(operator);
    }

    NodeStaking stakingAs(Credentials who) {
        return NodeStaking.load(
                env("CHROOM_CHAIN_STAKING_ADDRESS"),
                web3j,
                new FastRawTransactionManager(
                        web3j, who, 31337, new PollingTransactionReceiptProcessor(web3j, 200, 150)),
                new StaticGasProvider(
                        BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(300_000)));
    }

    BigInteger balanceOf(String address) throws Exception {
        return tokenAs(account(1)).balanceOf(address).send();
    }

    long minedNonce(String address) throws IOException {
        return web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST)
                .send()
                .getTransactionCount()
                .longValueExact();
    }

    /** Mines {@code blocks} blocks at once. */
    void mine(int blocks) throws IOException {
        rpc("anvil_mine", List.of("0x" + Integer.toHexString(blocks)));
    }

    /** How many transactions wait in the node's pool for a block. */
    int pendingTransactions() throws IOException {
        Response<?> answer =
                new Request<>("txpool_status", List.of(), service, RawResponse.class).send();
        if (answer.hasError()) {
            throw new IOException("txpool_status: " + answer.getError().getMessage());
        }
        Object pending = ((Map<?, ?>) answer.getResult()).get("pending");
        String text = String.valueOf(pending);
        return text.startsWith("0x")
                ? Integer.parseInt(text.substring(2), 16)
                : Integer.parseInt(text);
    }

    /** Moves the chain's clock forward, then mines a block stamped with it. */
    void advanceSeconds(long seconds) throws IOException {
        rpc("evm_increaseTime", List.of(seconds));
        mine(1);
    }

    private void rpc(String method, List<?> params) throws IOException {
        Response<?> answer = new Request<>(method, params, service, RawResponse.class).send();
        if (answer.hasError()) {
            throw new IOException(method + ": " + answer.getError().getMessage());
        }
    }

    /** Holds back new blocks (0) or mines one every {@code seconds}. */
    void intervalMining(int seconds) throws IOException {
        Response<?> answer =
                new Request<>("evm_setIntervalMining", List.of(seconds), service, RawResponse.class)
                        .send();
        if (answer.hasError()) {
            throw new IOException("evm_setIntervalMining: " + answer.getError().getMessage());
        }
    }

    /** Stops anvil (its state is kept) or starts it again from that state. */
    static void script(String command) throws Exception {
        String script = System.getProperty("chroom.chain.script");
        String state = System.getProperty("chroom.chain.state");
        List<String> args =
                command.equals("start")
                        ? List.of(
                                "bash",
                                script,
                                "start",
                                PORT,
                                state,
                                Integer.toString(BLOCK_SECONDS))
                        : List.of("bash", script, "stop", state);
        Process process = new ProcessBuilder(args).inheritIO().start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("chain.sh " + command + " failed");
        }
    }

    static byte[] sign(byte[] digest, Credentials signer) {
        Sign.SignatureData data = Sign.signMessage(digest, signer.getEcKeyPair(), false);
        byte[] signature = new byte[65];
        System.arraycopy(data.getR(), 0, signature, 0, 32);
        System.arraycopy(data.getS(), 0, signature, 32, 32);
        signature[64] = data.getV()[0];
        return signature;
    }

    void close() {
        web3j.shutdown();
    }

    private static Map<String, String> readEnv() {
        Path file = Path.of(System.getProperty("chroom.chain.env", "target/dev-chain/chain.env"));
        Map<String, String> env = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The deployment's env file " + file + " is missing", e);
        }
        return env;
    }

    static final class RawResponse extends Response<Object> {}
}

package io.chroom.chain.contracts;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/** The anvil chain the build started for the contract tests, and its well-known accounts. */
final class DevChain implements AutoCloseable {

    /** Private keys of anvil's development accounts 0 to 5 (public knowledge). */
    static final List<String> KEYS =
            List.of(
                    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
                    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
                    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
                    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
                    "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
                    "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");

    static final ContractGasProvider GAS =
            new StaticGasProvider(
                    BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(3_000_000));

    final Web3j web3j;
    private final HttpService service;

    DevChain() {
        String port = System.getProperty("chroom.it.anvil.port", "18545");
        service = new HttpService("http://127.0.0.1:" + port);
        web3j = Web3j.build(service);
    }

    static Credentials account(int index) {
        return Credentials.create(KEYS.get(index));
    }

    TransactionManager transactions(Credentials credentials) {
        return new FastRawTransactionManager(
                web3j, credentials, 31337, new PollingTransactionReceiptProcessor(web3j, 50, 200));
    }

    /** Moves the chain's clock forward and mines a block stamped with it. */
    void advanceSeconds(long seconds) throws IOException {
        call("evm_increaseTime", List.of(seconds));
        mine(1);
    }

    void mine(int blocks) throws IOException {
        call("anvil_mine", List.of("0x" + Integer.toHexString(blocks)));
    }

    private void call(String method, List<?> params) throws IOException {
        Response<?> response = new Request<>(method, params, service, RawResponse.class).send();
        if (response.hasError()) {
            throw new IOException(method + " failed: " + response.getError().getMessage());
        }
    }

    /** Signs a 32-byte digest as r ‖ s ‖ v, the layout OpenZeppelin's ECDSA expects. */
    static byte[] sign(byte[] digest, Credentials signer) {
        Sign.SignatureData data = Sign.signMessage(digest, signer.getEcKeyPair(), false);
        byte[] signature = new byte[65];
        System.arraycopy(data.getR(), 0, signature, 0, 32);
        System.arraycopy(data.getS(), 0, signature, 32, 32);
        signature[64] = data.getV()[0];
        return signature;
    }

    @Override
    public void close() {
        web3j.shutdown();
    }

    static final class RawResponse extends Response<Object> {}
}

package io.chroom.chain.outbound;

import io.chroom.chain.api.ChainCall;
import io.chroom.chain.api.ChainException;
import io.chroom.chain.api.ChainHead;
import io.chroom.chain.api.ChainNetwork;
import io.chroom.chain.api.ChainParameters;
import io.chroom.chain.api.ChainRejectedException;
import io.chroom.chain.api.SignedTransaction;
import io.chroom.chain.api.TransactionOutcome;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/** One web3j client over HTTP: the physical connection the container pools. */
final class Web3jChainClient implements AutoCloseable {

    private final ChainSettings settings;
    private final Web3j web3j;

    Web3jChainClient(ChainSettings settings) {
        this.settings = settings;
        OkHttpClient http =
                new OkHttpClient.Builder()
                        .connectTimeout(settings.timeoutMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(settings.timeoutMillis(), TimeUnit.MILLISECONDS)
                        .followRedirects(false)
                        .build();
        this.web3j = Web3j.build(new HttpService(settings.endpoint().toString(), http));
    }

    ChainHead head() {
        long chainId = send(web3j.ethChainId()).getChainId().longValueExact();
        long block = send(web3j.ethBlockNumber()).getBlockNumber().longValueExact();
        return new ChainHead(chainId, block);
    }

    ChainNetwork network() {
        return new ChainNetwork(
                settings.chainId(),
                settings.address(ChainCall.Contract.TOKEN),
                settings.contracts().getOrDefault(ChainCall.Contract.GOVERNOR, ""),
                settings.treasury(),
                settings.signer() == null ? null : settings.signer().getAddress(),
                settings.contracts().getOrDefault(ChainCall.Contract.REWARDS, ""),
                settings.contracts().getOrDefault(ChainCall.Contract.LEDGER, ""));
    }

    BigInteger balanceOf(String address) {
        return uint(settings.address(ChainCall.Contract.TOKEN), "balanceOf", new Address(address));
    }

    BigInteger stakeOf(String operator) {
        return uint(settings.address(ChainCall.Contract.STAKING), "stakeOf", new Address(operator));
    }

    BigInteger permitNonce(String owner) {
        return uint(settings.address(ChainCall.Contract.TOKEN), "nonces", new Address(owner));
    }

    BigInteger governorNonce(String voter) {
        return uint(settings.address(ChainCall.Contract.GOVERNOR), "nonces", new Address(voter));
    }

    ChainParameters parameters() {
        String contract = settings.parameters();
        if (contract == null || contract.isBlank()) {
            throw new ChainException("No address is configured for the network parameters", null);
        }
        return new ChainParameters(
                uint(contract, "pricePerParticipantMinute"),
                uint(contract, "rewardPerEpoch"),
                uint(contract, "minQualityScore").intValueExact(),
                uint(contract, "epochLength").longValueExact(),
                uint(contract, "minimumStake"));
    }

    long signerNonce() {
        return send(web3j.ethGetTransactionCount(
                        settings.requireSigner().getAddress(), DefaultBlockParameterName.PENDING))
                .getTransactionCount()
                .longValueExact();
    }

    long signerMinedNonce() {
        return send(web3j.ethGetTransactionCount(
                        settings.requireSigner().getAddress(), DefaultBlockParameterName.LATEST))
                .getTransactionCount()
                .longValueExact();
    }

    long estimateGas(ChainCall call) {
        Transaction transaction =
                Transaction.createEthCallTransaction(
                        settings.requireSigner().getAddress(),
                        settings.address(call.contract()),
                        call.data());
        return send(web3j.ethEstimateGas(transaction)).getAmountUsed().longValueExact();
    }

    /**
     * Signs an EIP-1559 transaction paying twice the latest base fee plus the node's suggested tip,
     * which stays valid while the base fee at most doubles.
     */
    SignedTransaction sign(ChainCall call, long nonce, long gasLimit) {
        EthBlock.Block latest =
                send(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
        BigInteger baseFee = latest.getBaseFeePerGas();
        BigInteger tip = send(web3j.ethMaxPriorityFeePerGas()).getMaxPriorityFeePerGas();
        RawTransaction transaction =
                RawTransaction.createTransaction(
                        settings.chainId(),
                        BigInteger.valueOf(nonce),
                        BigInteger.valueOf(gasLimit),
                        settings.address(call.contract()),
                        BigInteger.ZERO,
                        call.data(),
                        tip,
                        baseFee.multiply(BigInteger.TWO).add(tip));
        byte[] signed =
                TransactionEncoder.signMessage(
                        transaction, settings.chainId(), settings.requireSigner());
        return new SignedTransaction(
                Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed), nonce);
    }

    void broadcast(String rawTransaction) {
        Response<?> response;
        try {
            response = web3j.ethSendRawTransaction(rawTransaction).send();
        } catch (IOException e) {
            throw new ChainTransportException(settings, e);
        }
        if (response.hasError()) {
            String message = response.getError().getMessage();
            String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
            if (lower.contains("already known")
                    || lower.contains("already imported")
                    || lower.contains("known transaction")) {
                return;
            }
            throw new ChainRejectedException("The chain refused the transaction: " + message);
        }
    }

    Optional<TransactionOutcome> outcome(String hash) {
        Optional<TransactionReceipt> receipt =
                send(web3j.ethGetTransactionReceipt(hash)).getTransactionReceipt();
        if (receipt.isEmpty() || receipt.get().getBlockNumberRaw() == null) {
            return Optional.empty();
        }
        long block = receipt.get().getBlockNumber().longValueExact();
        long head = send(web3j.ethBlockNumber()).getBlockNumber().longValueExact();
        return Optional.of(
                new TransactionOutcome(
                        hash,
                        block,
                        receipt.get().isStatusOK(),
                        Math.max(0, head - block + 1),
                        receipt.get().getGasUsed().longValueExact()));
    }

    @SuppressWarnings("rawtypes")
    private BigInteger uint(String contract, String function, Type... arguments) {
        Function call =
                new Function(
                        function, List.of(arguments), List.of(new TypeReference<Uint256>() {}));
        String answer =
                send(web3j.ethCall(
                                Transaction.createEthCallTransaction(
                                        null, contract, FunctionEncoder.encode(call)),
                                DefaultBlockParameterName.LATEST))
                        .getValue();
        List<Type> values = FunctionReturnDecoder.decode(answer, call.getOutputParameters());
        if (values.isEmpty()) {
            throw new ChainRejectedException(
                    "Contract " + contract + " gave no answer to " + function);
        }
        return (BigInteger) values.get(0).getValue();
    }

    private <T extends Response<?>> T send(Request<?, T> request) {
        T response;
        try {
            response = request.send();
        } catch (IOException e) {
            throw new ChainTransportException(settings, e);
        }
        if (response.hasError()) {
            throw new ChainRejectedException(
                    "The chain refused "
                            + request.getMethod()
                            + ": "
                            + response.getError().getMessage());
        }
        return response;
    }

    @Override
    public void close() {
        web3j.shutdown();
    }

    /** The endpoint could not be reached; the managed connection must not be reused. */
    static final class ChainTransportException extends ChainException {
        private static final long serialVersionUID = 1L;

        ChainTransportException(ChainSettings settings, IOException cause) {
            super(
                    "Chain endpoint "
                            + settings.endpoint()
                            + " did not answer: "
                            + cause.getMessage(),
                    cause);
        }
    }
}

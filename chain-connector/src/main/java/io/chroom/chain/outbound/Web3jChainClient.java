package io.chroom.chain.outbound;

import io.chroom.chain.api.ChainCall;
import io.chroom.chain.api.ChainException;
import io.chroom.chain.api.ChainHead;
import io.chroom.chain.api.ChainNetwork;
import io.chroom.chain.api.ChainParameters;
import io.chroom.chain.api.ChainRejectedException;
import io.chroom.chain.api.GasEstimate;
import io.chroom.chain.api.GovernorProposal;
import io.chroom.chain.api.ProposalState;
import io.chroom.chain.api.SignedTransaction;
import io.chroom.chain.api.TransactionOutcome;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/** One web3j client over HTTP: the physical connection the container pools. */
final class Web3jChainClient implements AutoCloseable {

    /** Requests sent in one JSON-RPC batch at most. */
    static final int MAX_BATCH = 200;

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
                settings.contracts().getOrDefault(ChainCall.Contract.LEDGER, ""),
                settings.contracts().getOrDefault(ChainCall.Contract.STAKING, ""),
                settings.parameters() == null ? "" : settings.parameters());
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
        // One request for the five values, so that they come from one block and one round trip.
        List<EthCall> answers =
                batch(
                        Stream.of(
                                        "pricePerParticipantMinute",
                                        "rewardPerEpoch",
                                        "minQualityScore",
                                        "epochLength",
                                        "minimumStake")
                                .map(name -> call(contract, uintFunction(name)))
                                .toList());
        List<BigInteger> values = new ArrayList<>();
        for (EthCall answer : answers) {
            values.add(uintAnswer(contract, "parameters", answer));
        }
        return new ChainParameters(
                values.get(0),
                values.get(1),
                values.get(2).intValueExact(),
                values.get(3).longValueExact(),
                values.get(4));
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

    List<GasEstimate> estimateAll(List<ChainCall> calls) {
        String from = settings.requireSigner().getAddress();
        List<EthEstimateGas> answers =
                batch(
                        calls.stream()
                                .map(
                                        call ->
                                                web3j.ethEstimateGas(
                                                        Transaction.createEthCallTransaction(
                                                                from,
                                                                settings.address(call.contract()),
                                                                call.data())))
                                .toList());
        return answers.stream()
                .map(
                        answer ->
                                answer.hasError()
                                        ? new GasEstimate(0, message(answer))
                                        : new GasEstimate(
                                                answer.getAmountUsed().longValueExact(), null))
                .toList();
    }

    SignedTransaction sign(ChainCall call, long nonce, long gasLimit) {
        return sign(call, nonce, gasLimit, fees());
    }

    List<SignedTransaction> signAll(List<ChainCall> calls, long firstNonce, List<Long> gasLimits) {
        if (calls.size() != gasLimits.size()) {
            throw new IllegalArgumentException("Each call needs its gas limit");
        }
        if (calls.isEmpty()) {
            return List.of();
        }
        Fees fees = fees();
        List<SignedTransaction> signed = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            signed.add(sign(calls.get(i), firstNonce + i, gasLimits.get(i), fees));
        }
        return signed;
    }

    /** What a transaction pays per gas: the node's suggested tip over the latest base fee. */
    private record Fees(BigInteger tip, BigInteger maximum) {}

    /**
     * Twice the latest base fee plus the suggested tip, which stays valid while the base fee at
     * most doubles.
     */
    private Fees fees() {
        EthBlock.Block latest =
                send(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
        BigInteger baseFee = latest.getBaseFeePerGas();
        BigInteger tip = send(web3j.ethMaxPriorityFeePerGas()).getMaxPriorityFeePerGas();
        return new Fees(tip, baseFee.multiply(BigInteger.TWO).add(tip));
    }

    /** Signs an EIP-1559 transaction; the signing itself is local, nothing reaches the chain. */
    private SignedTransaction sign(ChainCall call, long nonce, long gasLimit, Fees fees) {
        RawTransaction transaction =
                RawTransaction.createTransaction(
                        settings.chainId(),
                        BigInteger.valueOf(nonce),
                        BigInteger.valueOf(gasLimit),
                        settings.address(call.contract()),
                        BigInteger.ZERO,
                        call.data(),
                        fees.tip(),
                        fees.maximum());
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
        String refusal = refusal(response);
        if (refusal != null) {
            throw new ChainRejectedException("The chain refused the transaction: " + refusal);
        }
    }

    List<String> broadcastAll(List<String> rawTransactions) {
        List<EthSendTransaction> answers =
                batch(rawTransactions.stream().map(web3j::ethSendRawTransaction).toList());
        List<String> refusals = new ArrayList<>(answers.size());
        for (EthSendTransaction answer : answers) {
            refusals.add(refusal(answer));
        }
        return refusals;
    }

    /** The node's refusal of a sent transaction; null when it took it or already had it. */
    private static String refusal(Response<?> response) {
        if (!response.hasError()) {
            return null;
        }
        String message = message(response);
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("already known")
                || lower.contains("already imported")
                || lower.contains("known transaction")) {
            return null;
        }
        return message;
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

    Map<String, TransactionOutcome> outcomes(List<String> hashes) {
        if (hashes.isEmpty()) {
            return Map.of();
        }
        List<EthGetTransactionReceipt> answers =
                batch(hashes.stream().map(web3j::ethGetTransactionReceipt).toList());
        long head = send(web3j.ethBlockNumber()).getBlockNumber().longValueExact();
        Map<String, TransactionOutcome> outcomes = new HashMap<>();
        for (int i = 0; i < hashes.size(); i++) {
            EthGetTransactionReceipt answer = answers.get(i);
            if (answer.hasError()) {
                throw new ChainRejectedException(
                        "The chain refused eth_getTransactionReceipt: " + message(answer));
            }
            answer.getTransactionReceipt()
                    .filter(receipt -> receipt.getBlockNumberRaw() != null)
                    .ifPresent(
                            receipt -> {
                                long block = receipt.getBlockNumber().longValueExact();
                                outcomes.put(
                                        receipt.getTransactionHash(),
                                        new TransactionOutcome(
                                                receipt.getTransactionHash(),
                                                block,
                                                receipt.isStatusOK(),
                                                Math.max(0, head - block + 1),
                                                receipt.getGasUsed().longValueExact()));
                            });
        }
        return outcomes;
    }

    /**
     * Five reads per proposal in one request: its state (which reverts for an id the governor does
     * not know), its tally, its vote's first and last block, and its proposer.
     */
    Map<BigInteger, GovernorProposal> proposals(List<BigInteger> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String governor = settings.address(ChainCall.Contract.GOVERNOR);
        List<Function> functions = new ArrayList<>();
        for (BigInteger id : ids) {
            Uint256 proposal = new Uint256(id);
            functions.add(uintFunction("state", proposal));
            functions.add(
                    new Function(
                            "proposalVotes",
                            List.of(proposal),
                            List.of(
                                    new TypeReference<Uint256>() {},
                                    new TypeReference<Uint256>() {},
                                    new TypeReference<Uint256>() {})));
            functions.add(uintFunction("proposalSnapshot", proposal));
            functions.add(uintFunction("proposalDeadline", proposal));
            functions.add(
                    new Function(
                            "proposalProposer",
                            List.of(proposal),
                            List.of(new TypeReference<Address>() {})));
        }
        List<Request<?, EthCall>> requests = new ArrayList<>();
        functions.forEach(function -> requests.add(call(governor, function)));
        List<EthCall> answers = batch(requests);
        Map<BigInteger, GovernorProposal> proposals = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            EthCall state = answers.get(i * 5);
            if (state.hasError() || state.isReverted()) {
                continue;
            }
            List<Type> votes = decode(answers.get(i * 5 + 1), functions.get(i * 5 + 1));
            List<Type> proposer = decode(answers.get(i * 5 + 4), functions.get(i * 5 + 4));
            int ordinal = uintAnswer(governor, "state", state).intValueExact();
            if (votes.size() != 3
                    || proposer.isEmpty()
                    || ordinal >= ProposalState.values().length) {
                throw new ChainRejectedException(
                        "The governor at " + governor + " answered a proposal in an unknown form");
            }
            proposals.put(
                    ids.get(i),
                    new GovernorProposal(
                            ids.get(i),
                            ProposalState.values()[ordinal],
                            (BigInteger) votes.get(0).getValue(),
                            (BigInteger) votes.get(1).getValue(),
                            (BigInteger) votes.get(2).getValue(),
                            uintAnswer(governor, "proposalSnapshot", answers.get(i * 5 + 2))
                                    .longValueExact(),
                            uintAnswer(governor, "proposalDeadline", answers.get(i * 5 + 3))
                                    .longValueExact(),
                            ((String) proposer.get(0).getValue()).toLowerCase(Locale.ROOT)));
        }
        return proposals;
    }

    private static Function uintFunction(String name, Type<?>... arguments) {
        return new Function(name, List.of(arguments), List.of(new TypeReference<Uint256>() {}));
    }

    /** An eth_call of {@code function} at the latest block. */
    private Request<?, EthCall> call(String contract, Function function) {
        return web3j.ethCall(
                Transaction.createEthCallTransaction(
                        null, contract, FunctionEncoder.encode(function)),
                DefaultBlockParameterName.LATEST);
    }

    @SuppressWarnings("rawtypes")
    private static List<Type> decode(EthCall answer, Function function) {
        if (answer.hasError()) {
            throw new ChainRejectedException(
                    "The chain refused " + function.getName() + ": " + message(answer));
        }
        return FunctionReturnDecoder.decode(answer.getValue(), function.getOutputParameters());
    }

    private BigInteger uintAnswer(String contract, String what, EthCall answer) {
        if (answer.hasError()) {
            throw new ChainRejectedException(
                    "Contract " + contract + " refused " + what + ": " + message(answer));
        }
        String value = answer.getValue();
        if (value == null || value.length() < 66) {
            throw new ChainRejectedException("Contract " + contract + " gave no answer to " + what);
        }
        return Numeric.toBigInt(value.substring(0, 66));
    }

    /**
     * Sends requests of one kind as JSON-RPC batches and answers their responses in the order of
     * the requests. web3j reads a batch's answers by position, so every batch holds one response
     * type; the ids are checked all the same.
     */
    @SuppressWarnings("unchecked")
    private <T extends Response<?>> List<T> batch(List<? extends Request<?, T>> requests) {
        List<T> answers = new ArrayList<>(requests.size());
        for (int from = 0; from < requests.size(); from += MAX_BATCH) {
            List<? extends Request<?, T>> part =
                    requests.subList(from, Math.min(requests.size(), from + MAX_BATCH));
            BatchRequest batch = web3j.newBatch();
            part.forEach(batch::add);
            List<? extends Response<?>> responses;
            try {
                responses = batch.send().getResponses();
            } catch (IOException e) {
                throw new ChainTransportException(settings, e);
            } catch (RuntimeException e) {
                throw new ChainRejectedException(
                        "The chain answered a batch of "
                                + part.size()
                                + " requests in a form that"
                                + " could not be read: "
                                + e.getMessage());
            }
            Map<Long, Response<?>> byId = new HashMap<>();
            responses.forEach(response -> byId.put(response.getId(), response));
            for (Request<?, T> request : part) {
                Response<?> response = byId.get(request.getId());
                if (response == null) {
                    throw new ChainRejectedException(
                            "The chain's batch answer lacks the " + request.getMethod() + " asked");
                }
                answers.add((T) response);
            }
        }
        return answers;
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
                    "The chain refused " + request.getMethod() + ": " + message(response));
        }
        return response;
    }

    /**
     * The endpoint's error message as text: a revert's reason can carry raw bytes (NULs among
     * them), which no log line or database column should take.
     */
    private static String message(Response<?> response) {
        String message = response.getError().getMessage();
        if (message == null) {
            return "no reason given";
        }
        StringBuilder text = new StringBuilder(message.length());
        message.codePoints()
                .forEach(c -> text.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return text.toString();
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

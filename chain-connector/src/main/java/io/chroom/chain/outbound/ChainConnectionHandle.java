package io.chroom.chain.outbound;

import io.chroom.chain.api.ChainCall;
import io.chroom.chain.api.ChainConnection;
import io.chroom.chain.api.ChainHead;
import io.chroom.chain.api.ChainNetwork;
import io.chroom.chain.api.ChainParameters;
import io.chroom.chain.api.GasEstimate;
import io.chroom.chain.api.GovernorProposal;
import io.chroom.chain.api.SignedTransaction;
import io.chroom.chain.api.TransactionOutcome;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The handle the application holds; it forwards to whichever managed connection owns it. */
public final class ChainConnectionHandle implements ChainConnection {

    private volatile ChainManagedConnection owner;
    private volatile boolean closed;

    ChainConnectionHandle(ChainManagedConnection owner) {
        this.owner = owner;
    }

    ChainManagedConnection owner() {
        return owner;
    }

    void reassign(ChainManagedConnection newOwner) {
        this.owner = newOwner;
    }

    void invalidate() {
        closed = true;
    }

    @Override
    public ChainHead head() {
        return call(Web3jChainClient::head);
    }

    @Override
    public ChainNetwork network() {
        return call(Web3jChainClient::network);
    }

    @Override
    public BigInteger balanceOf(String address) {
        return call(client -> client.balanceOf(address));
    }

    @Override
    public BigInteger stakeOf(String operator) {
        return call(client -> client.stakeOf(operator));
    }

    @Override
    public BigInteger permitNonce(String owner) {
        return call(client -> client.permitNonce(owner));
    }

    @Override
    public BigInteger governorNonce(String voter) {
        return call(client -> client.governorNonce(voter));
    }

    @Override
    public ChainParameters parameters() {
        return call(Web3jChainClient::parameters);
    }

    @Override
    public long signerNonce() {
        return call(Web3jChainClient::signerNonce);
    }

    @Override
    public long signerMinedNonce() {
        return call(Web3jChainClient::signerMinedNonce);
    }

    @Override
    public long estimateGas(ChainCall chainCall) {
        return call(client -> client.estimateGas(chainCall));
    }

    @Override
    public List<GasEstimate> estimateAll(List<ChainCall> calls) {
        return call(client -> client.estimateAll(calls));
    }

    @Override
    public SignedTransaction sign(ChainCall chainCall, long nonce, long gasLimit) {
        return call(client -> client.sign(chainCall, nonce, gasLimit));
    }

    @Override
    public List<SignedTransaction> signAll(
            List<ChainCall> calls, long firstNonce, List<Long> gasLimits) {
        return call(client -> client.signAll(calls, firstNonce, gasLimits));
    }

    @Override
    public List<String> broadcastAll(List<String> rawTransactions) {
        return call(client -> client.broadcastAll(rawTransactions));
    }

    @Override
    public Map<String, TransactionOutcome> outcomes(List<String> transactionHashes) {
        return call(client -> client.outcomes(transactionHashes));
    }

    @Override
    public Map<BigInteger, GovernorProposal> proposals(List<BigInteger> proposalIds) {
        return call(client -> client.proposals(proposalIds));
    }

    @Override
    public void broadcast(String rawTransaction) {
        call(
                client -> {
                    client.broadcast(rawTransaction);
                    return null;
                });
    }

    @Override
    public Optional<TransactionOutcome> outcome(String transactionHash) {
        return call(client -> client.outcome(transactionHash));
    }

    private <T> T call(Function<Web3jChainClient, T> operation) {
        if (closed) {
            throw new IllegalStateException("The chain connection handle is closed");
        }
        ChainManagedConnection connection = owner;
        try {
            return operation.apply(connection.client());
        } catch (Web3jChainClient.ChainTransportException e) {
            connection.transportFailed(e);
            throw e;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            owner.handleClosed(this);
        }
    }
}

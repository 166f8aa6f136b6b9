package io.chroom.chain.api;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An application-level handle on the chain endpoint; close it to return it to the pool. Reads
 * answer from the chain's latest block. Sending is split so that the application can record a
 * transaction before it leaves: {@link #sign} with a nonce the application assigned, store the
 * result, then {@link #broadcast}, as often as needed.
 *
 * @throws ChainException from every method when the endpoint does not answer
 */
public interface ChainConnection extends AutoCloseable {

    /** Asks the endpoint for its chain id and latest block. */
    ChainHead head();

    /** The chain and contracts this connection is configured for. */
    ChainNetwork network();

    /** Token balance of any address, in base units. */
    BigInteger balanceOf(String address);

    /** Tokens the operator has at stake in the staking contract. */
    BigInteger stakeOf(String operator);

    /** The holder's next EIP-2612 permit nonce. */
    BigInteger permitNonce(String owner);

    /** The holder's next governor nonce, which a ballot signed by the holder includes. */
    BigInteger governorNonce(String voter);

    /** The network parameters as governance last set them. */
    ChainParameters parameters();

    /** The signer's next nonce as the chain sees it, counting transactions still in its pool. */
    long signerNonce();

    /**
     * Gas the call needs when sent now by the signer.
     *
     * @throws ChainRejectedException when it would revert
     */
    long estimateGas(ChainCall call);

    /**
     * Estimates many calls in one request to the endpoint, each as if sent alone now by the signer;
     * a call that would revert answers its refusal instead of gas.
     */
    List<GasEstimate> estimateAll(List<ChainCall> calls);

    /** Signs the call with the platform's signer at {@code nonce}; nothing is sent. */
    SignedTransaction sign(ChainCall call, long nonce, long gasLimit);

    /**
     * Signs many calls at consecutive nonces from {@code firstNonce}, with one fee quote for all
     * (the same as {@link #sign} would use); nothing is sent.
     */
    List<SignedTransaction> signAll(List<ChainCall> calls, long firstNonce, List<Long> gasLimits);

    /**
     * Sends a signed transaction. Sending one the chain already has is not an error.
     *
     * @throws ChainRejectedException when the node refuses it (its nonce is then still free, unless
     *     the node says it is used)
     */
    void broadcast(String rawTransaction);

    /**
     * Sends many signed transactions in one request to the endpoint, in the order given.
     *
     * @return for each, null when the node took it (or already had it), else the node's refusal
     */
    List<String> broadcastAll(List<String> rawTransactions);

    /** The transaction's outcome once it is in a block; empty while it is not (yet). */
    Optional<TransactionOutcome> outcome(String transactionHash);

    /**
     * The outcomes of many transactions, asked for in one request: those in a block, by hash; those
     * not (yet) in a block are absent.
     */
    Map<String, TransactionOutcome> outcomes(List<String> transactionHashes);

    /**
     * The governor's view of many proposals, asked for in one request: those it knows, by id; ids
     * it has no proposal for are absent.
     */
    Map<BigInteger, GovernorProposal> proposals(List<BigInteger> proposalIds);

    /** The signer's nonce counting only transactions in blocks. */
    long signerMinedNonce();

    @Override
    void close();
}

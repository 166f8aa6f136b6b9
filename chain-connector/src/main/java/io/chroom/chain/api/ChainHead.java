package io.chroom.chain.api;

/**
 * Where the chain stands.
 *
 * @param chainId the EIP-155 chain id the endpoint reports
 * @param blockNumber number of the latest block
 */
public record ChainHead(long chainId, long blockNumber) {}

package io.chroom.chain.api;

/**
 * A transaction signed by the platform's signer, not necessarily sent yet. Sending the same raw
 * transaction again can never make a second transaction: its nonce is taken once.
 *
 * @param hash the transaction hash, hex with 0x
 * @param raw the signed transaction, hex with 0x
 * @param nonce the signer's nonce it uses
 */
public record SignedTransaction(String hash, String raw, long nonce) {}

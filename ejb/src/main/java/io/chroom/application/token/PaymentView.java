package io.chroom.application.token;

import java.time.Instant;
import java.util.List;

/**
 * A payment as the API shows it. {@code state} moves {@code pending → submitted → confirmed} or to
 * {@code failed}; {@code pending} includes a chain that cannot be reached.
 *
 * @param id payment id
 * @param method balance or permit
 * @param state pending, submitted, confirmed or failed
 * @param amount tokens, a decimal string
 * @param payer the paying wallet (permit payments)
 * @param recipient who receives the tokens
 * @param transactions the chain transactions that carry it, in order
 * @param failure why it failed
 * @param createdAt when it was accepted
 * @param updatedAt when its state last changed
 */
public record PaymentView(
        String id,
        String method,
        String state,
        String amount,
        String payer,
        String recipient,
        List<TransactionView> transactions,
        String failure,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * One chain transaction of a payment.
     *
     * @param state pending, signed, submitted, confirmed or failed
     * @param hash its hash, once signed
     * @param nonce the signer's nonce it uses, once signed
     * @param blockNumber the block that holds it, once confirmed
     */
    public record TransactionView(String state, String hash, Long nonce, Long blockNumber) {}
}

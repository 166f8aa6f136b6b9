package io.chroom.application.token;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A payment ({@code POST /api/tokens/payments}).
 *
 * <p>{@code method: "balance"} pays {@code amount} tokens from the account's prepaid balance to the
 * address {@code to}: the treasury sends them on chain. {@code method: "permit"} relays a wallet's
 * EIP-2612 permit to the platform's signer and collects the permitted tokens into the treasury,
 * crediting the account once that is confirmed.
 *
 * @param method {@code balance} or {@code permit}
 * @param to recipient of a balance payment
 * @param amount tokens of a balance payment, a decimal string
 * @param permit the signed permit of a permit payment
 */
public record PaymentRequest(
        @NotNull(message = "method is required: balance or permit.")
                @Pattern(regexp = "balance|permit", message = "method must be balance or permit.")
                String method,
        @Pattern(regexp = "0x[0-9a-fA-F]{40}", message = "to must be a 0x-prefixed address.")
                String to,
        @Size(max = 64, message = "amount must be at most 64 characters long.") String amount,
        @Valid Permit permit) {

    /**
     * An EIP-2612 permit of the Chroom token, signed by its owner for the platform's signer.
     *
     * @param owner the wallet that signed it and pays
     * @param value tokens permitted and collected, a decimal string
     * @param deadline unix seconds after which the permit is void
     * @param signature the 65-byte signature (r, s, v) in hex
     */
    public record Permit(
            @NotNull(message = "permit.owner is required.")
                    @Pattern(
                            regexp = "0x[0-9a-fA-F]{40}",
                            message = "permit.owner must be a 0x-prefixed address.")
                    String owner,
            @NotNull(message = "permit.value is required.")
                    @Size(max = 64, message = "permit.value must be at most 64 characters long.")
                    String value,
            @NotNull(message = "permit.deadline is required.") Long deadline,
            @NotNull(message = "permit.signature is required.")
                    @Pattern(
                            regexp = "0x[0-9a-fA-F]{130}",
                            message = "permit.signature must be 65 bytes of hex with 0x.")
                    String signature) {}
}

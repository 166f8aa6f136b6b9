package io.chroom.application.node;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/nodes}: an operator's media node.
 *
 * @param mediaUrl where clients reach the node (for Janus, its HTTP API, such as {@code
 *     https://node.example/janus})
 * @param controlUrl where Chroom controls the node (for Janus, its Admin API)
 * @param adminSecret the node's control secret (Janus {@code admin_secret}, also its VideoRoom
 *     {@code admin_key}); stored sealed, never shown again
 * @param turnUrl the node's STUN/TURN server as {@code turn:host:port}
 * @param turnSecret the TURN server's shared secret ({@code static-auth-secret}); stored sealed
 * @param pricePerParticipantMinute in tokens, a decimal string such as {@code "0.002"}
 */
public record NodeRequest(
        @NotBlank(message = "name must not be blank.")
                @Size(max = 200, message = "name must be at most 200 characters.")
                String name,
        @NotBlank(message = "region must not be blank.")
                @Size(max = 64, message = "region must be at most 64 characters.")
                String region,
        @NotBlank(message = "media_url must be the node's client URL.")
                @Size(max = 2048, message = "media_url must be at most 2048 characters long.")
                String mediaUrl,
        @NotBlank(message = "control_url must be the node's control API URL.")
                @Size(max = 2048, message = "control_url must be at most 2048 characters long.")
                String controlUrl,
        @NotBlank(message = "admin_secret must be the node's control secret.")
                @Size(min = 16, max = 256, message = "admin_secret must be 16 to 256 characters.")
                String adminSecret,
        @Pattern(
                        regexp = "turns?:[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}",
                        message = "turn_url must look like turn:host:port.")
                String turnUrl,
        @Size(min = 16, max = 256, message = "turn_secret must be 16 to 256 characters.")
                String turnSecret,
        @NotNull(message = "capacity must be the number of participants the node carries.")
                @Min(value = 1, message = "capacity must be between 1 and 100000.")
                @Max(value = 100000, message = "capacity must be between 1 and 100000.")
                Integer capacity,
        @NotNull(message = "operator_wallet must be the operator's address.")
                @Pattern(
                        regexp = "0x[0-9a-fA-F]{40}",
                        message = "operator_wallet must be a 0x-prefixed 20-byte hex address.")
                String operatorWallet,
        @NotNull(message = "price_per_participant_minute must be a decimal number of tokens.")
                @Pattern(
                        regexp = "[0-9]{1,20}(\\.[0-9]{1,18})?",
                        message =
                                "price_per_participant_minute must be a non-negative decimal"
                                        + " string with at most 18 decimals.")
                String pricePerParticipantMinute) {}

package io.chroom.application.node;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PATCH /api/nodes/{id}}: only the fields present change. {@code state} may be
 * {@code active} (to put a draining node back into service) or {@code draining}.
 */
public record NodeChanges(
        @Size(min = 1, max = 200, message = "name must be 1 to 200 characters.") String name,
        @Size(min = 1, max = 64, message = "region must be 1 to 64 characters.") String region,
        @Size(max = 2048, message = "media_url must be at most 2048 characters long.")
                String mediaUrl,
        @Size(max = 2048, message = "control_url must be at most 2048 characters long.")
                String controlUrl,
        @Size(min = 16, max = 256, message = "admin_secret must be 16 to 256 characters.")
                String adminSecret,
        @Pattern(
                        regexp = "turns?:[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}",
                        message = "turn_url must look like turn:host:port.")
                String turnUrl,
        @Size(min = 16, max = 256, message = "turn_secret must be 16 to 256 characters.")
                String turnSecret,
        @Min(value = 1, message = "capacity must be between 1 and 100000.")
                @Max(value = 100000, message = "capacity must be between 1 and 100000.")
                Integer capacity,
        @Pattern(
                        regexp = "0x[0-9a-fA-F]{40}",
                        message = "operator_wallet must be a 0x-prefixed 20-byte hex address.")
                String operatorWallet,
        @Pattern(
                        regexp = "[0-9]{1,20}(\\.[0-9]{1,18})?",
                        message =
                                "price_per_participant_minute must be a non-negative decimal"
                                        + " string with at most 18 decimals.")
                String pricePerParticipantMinute,
        @Pattern(regexp = "active|draining", message = "state must be active or draining.")
                String state) {}

package io.chroom.application.account;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Changes an account ({@code PATCH /api/accounts/{id}}); a field left out keeps its value.
 *
 * @param rateLimitPerMinute a per-account limit; 0 removes the override so the tier's applies
 */
public record AccountChanges(
        @Size(min = 1, max = 200, message = "name must be 1 to 200 characters long.") String name,
        @Pattern(regexp = "standard|premium", message = "tier must be standard or premium.")
                String tier,
        @Min(value = 0, message = "rate_limit_per_minute must be 0 (tier default) or more.")
                @Max(value = 1000000, message = "rate_limit_per_minute must be at most 1000000.")
                Integer rateLimitPerMinute) {}

package io.chroom.application.account;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Opens a customer account ({@code POST /api/accounts}).
 *
 * @param name the customer's name, 1 to 200 characters
 * @param tier {@code standard} or {@code premium}; standard when left out
 * @param rateLimitPerMinute overrides the tier's limit when given
 */
public record AccountRequest(
        @NotNull(message = "name is required.")
                @Size(min = 1, max = 200, message = "name must be 1 to 200 characters long.")
                String name,
        @Pattern(regexp = "standard|premium", message = "tier must be standard or premium.")
                String tier,
        @Min(value = 1, message = "rate_limit_per_minute must be at least 1.")
                @Max(value = 1000000, message = "rate_limit_per_minute must be at most 1000000.")
                Integer rateLimitPerMinute) {}

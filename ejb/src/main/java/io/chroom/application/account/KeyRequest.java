package io.chroom.application.account;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Set;

/**
 * Asks for a new API key ({@code POST /api/keys}).
 *
 * @param name what the key is for, 1 to 200 characters
 * @param scopes what the key may do; never more than the creating credential holds
 */
public record KeyRequest(
        @NotNull(message = "name is required.")
                @Size(min = 1, max = 200, message = "name must be 1 to 200 characters long.")
                String name,
        @NotEmpty(message = "scopes must name at least one scope.")
                Set<@NotNull(message = "scopes must not contain null.") String> scopes) {}

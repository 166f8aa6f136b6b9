package io.chroom.application.account;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/**
 * Asks for a new OAuth 2.0 client ({@code POST /api/oauth/clients}).
 *
 * @param name what the client is, 1 to 200 characters
 * @param scopes what its tokens may do; never more than the creating credential holds
 * @param externalId the client's id at the external identity provider this server trusts, when that
 *     provider, not Chroom, issues the client's tokens; Chroom then makes no secret
 */
public record ClientRequest(
        @NotNull(message = "name is required.")
                @Size(min = 1, max = 200, message = "name must be 1 to 200 characters long.")
                String name,
        @NotEmpty(message = "scopes must name at least one scope.")
                Set<@NotNull(message = "scopes must not contain null.") String> scopes,
        @Size(min = 1, max = 256, message = "external_id must be 1 to 256 characters long.")
                @Pattern(
                        regexp = "[\\x21-\\x7e]*",
                        message = "external_id must be printable ASCII without spaces.")
                String externalId) {}

package io.chroom.application.console;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/users}: a person who may sign in to the console for the calling account.
 *
 * @param role {@code owner}, {@code admin} or {@code viewer}
 * @param password 12 to 200 characters; kept only as a hash
 */
public record UserRequest(
        @NotNull(message = "email is required.")
                @Size(max = 254, message = "email must be at most 254 characters.")
                @Pattern(
                        regexp = "[^@\\s]+@[^@\\s]+",
                        message = "email must be an address such as ann@example.com.")
                String email,
        @NotNull(message = "role is required (owner, admin or viewer).") String role,
        @NotNull(message = "password is required.")
                @Size(min = 12, max = 200, message = "password must be 12 to 200 characters.")
                String password) {}

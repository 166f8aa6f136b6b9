package io.chroom.application.console;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/me/password}: a signed-in person's new password, with the current one as
 * proof that it is them and not someone at their unlocked screen.
 *
 * @param newPassword 12 to 200 characters, not the current one; kept only as a hash
 */
public record PasswordChange(
        @NotNull(message = "current_password is required.")
                @Size(max = 200, message = "current_password must be at most 200 characters.")
                String currentPassword,
        @NotNull(message = "new_password is required.")
                @Size(min = 12, max = 200, message = "new_password must be 12 to 200 characters.")
                String newPassword) {}

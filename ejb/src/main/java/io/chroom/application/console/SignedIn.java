package io.chroom.application.console;

import java.util.Set;

/**
 * A console user whose sign-in (or open session) checked out, with what the authentication
 * mechanism and the rate limiter need.
 *
 * @param userId the user's id ({@code usr_...}); the caller's name from here on
 * @param roles the scopes of the user's role in their account, as container roles
 */
public record SignedIn(
        String userId,
        String accountId,
        String email,
        String role,
        boolean networkOperator,
        int rateLimitPerMinute,
        Set<String> roles) {}

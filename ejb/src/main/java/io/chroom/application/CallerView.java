package io.chroom.application;

import java.util.List;

/**
 * What {@code GET /api/me} tells a caller about its own credential and account.
 *
 * @param credentialId the API key's id ({@code key_...}), the OAuth client's ({@code cli_...}) or
 *     the console user's ({@code usr_...})
 * @param credentialType {@code api_key}, {@code oauth_client} or {@code console_user}
 * @param scopes the scopes this request may use: for a token, those both it and its client hold;
 *     for a console user, those of their role
 * @param account the account's name, tier and the rate limit in force
 * @param consoleUser for a console session, who is signed in and with which role; else absent
 */
public record CallerView(
        String credentialId,
        String credentialType,
        String accountId,
        List<String> scopes,
        AccountSummary account,
        ConsoleUserSummary consoleUser) {

    /**
     * @param networkAdmin whether the account runs the network (its people are network operators)
     */
    public record AccountSummary(
            String name, String tier, int rateLimitPerMinute, boolean networkAdmin) {}

    public record ConsoleUserSummary(String email, String role) {}
}

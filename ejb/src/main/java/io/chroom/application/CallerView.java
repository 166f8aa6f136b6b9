package io.chroom.application;

import java.util.List;

/**
 * What {@code GET /api/me} tells a caller about its own credential.
 *
 * @param credentialId the API key's id ({@code key_...}) or the OAuth client's ({@code cli_...})
 * @param credentialType {@code api_key} or {@code oauth_client}
 * @param scopes the scopes this request may use: for a token, those both it and its client hold
 */
public record CallerView(
        String credentialId, String credentialType, String accountId, List<String> scopes) {}

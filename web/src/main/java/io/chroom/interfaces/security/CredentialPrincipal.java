package io.chroom.interfaces.security;

import jakarta.security.enterprise.CallerPrincipal;

/**
 * The caller an API key or an OAuth access token authenticates. Its name is the key's or the
 * client's id, which the services resolve to the account; the account and its limit ride along so
 * the rate limiter needs no second look-up.
 */
final class CredentialPrincipal extends CallerPrincipal {

    private final String accountId;

    private final int rateLimitPerMinute;

    CredentialPrincipal(String credentialId, String accountId, int rateLimitPerMinute) {
        super(credentialId);
        this.accountId = accountId;
        this.rateLimitPerMinute = rateLimitPerMinute;
    }

    String accountId() {
        return accountId;
    }

    int rateLimitPerMinute() {
        return rateLimitPerMinute;
    }
}

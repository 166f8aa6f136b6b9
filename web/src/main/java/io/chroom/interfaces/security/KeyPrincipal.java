package io.chroom.interfaces.security;

import jakarta.security.enterprise.CallerPrincipal;

/**
 * The caller an API key authenticates. Its name is the key's id, which the services resolve to the
 * account; the account and its limit ride along so the rate limiter needs no second look-up.
 */
final class KeyPrincipal extends CallerPrincipal {

    private final String accountId;

    private final int rateLimitPerMinute;

    KeyPrincipal(String keyId, String accountId, int rateLimitPerMinute) {
        super(keyId);
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

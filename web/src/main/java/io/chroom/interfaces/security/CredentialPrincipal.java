package io.chroom.interfaces.security;

import jakarta.security.enterprise.CallerPrincipal;
import java.time.Instant;
import java.util.Optional;

/**
 * The caller an API key or an OAuth access token authenticates. Its name is the key's or the
 * client's id, which the services resolve to the account; the account and its limit ride along so
 * the rate limiter needs no second look-up.
 */
final class CredentialPrincipal extends CallerPrincipal {

    private final String accountId;

    private final int rateLimitPerMinute;

    private final Instant expiresAt;

    /** A principal whose credential lasts until revoked: an API key. */
    CredentialPrincipal(String credentialId, String accountId, int rateLimitPerMinute) {
        this(credentialId, accountId, rateLimitPerMinute, null);
    }

    /** A principal whose credential expires: an access token. */
    CredentialPrincipal(
            String credentialId, String accountId, int rateLimitPerMinute, Instant expiresAt) {
        super(credentialId);
        this.accountId = accountId;
        this.rateLimitPerMinute = rateLimitPerMinute;
        this.expiresAt = expiresAt;
    }

    Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    String accountId() {
        return accountId;
    }

    int rateLimitPerMinute() {
        return rateLimitPerMinute;
    }
}

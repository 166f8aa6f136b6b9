package io.chroom.application.account;

import java.util.Set;

/**
 * A presented credential that is genuine and live, with what the rate limiter needs to know of its
 * account.
 *
 * @param credentialId the API key's or OAuth client's id; the caller's name from here on
 * @param roles the scopes the request may use, as container roles
 */
public record Authenticated(
        String credentialId, String accountId, int rateLimitPerMinute, Set<String> roles) {}

package io.chroom.application.usage;

import java.time.Instant;

/**
 * An account's requests to the API over one interval ({@code GET /api/me/usage}).
 *
 * @param at the start of the interval
 * @param requests every request the account's credentials made, refused ones included
 * @param clientErrors requests answered 400 to 499 but 429 (a bad request, a missing scope, an
 *     unknown object, a conflict)
 * @param rateLimited requests refused with 429 because the account was over its limit
 * @param serverErrors requests answered 500 to 599
 */
public record UsagePoint(
        Instant at, long requests, long clientErrors, long rateLimited, long serverErrors) {}

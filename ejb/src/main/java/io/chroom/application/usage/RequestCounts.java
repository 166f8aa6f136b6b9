package io.chroom.application.usage;

import java.time.Instant;

/**
 * Requests of one account in one clock minute, as one server counted them since its last flush, or
 * as the API answers them for an interval.
 *
 * @param clientErrors answers 400 to 499 but 429
 * @param rateLimited answers 429: the account was over its limit
 * @param serverErrors answers 500 to 599
 */
public record RequestCounts(
        String accountId,
        Instant minute,
        long requests,
        long clientErrors,
        long rateLimited,
        long serverErrors) {}

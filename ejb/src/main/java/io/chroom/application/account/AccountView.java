package io.chroom.application.account;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * An account as the API shows it.
 *
 * @param rateLimitPerMinute the limit in force: the override, else the tier's
 * @param rateLimitOverridden whether the limit is a per-account override
 * @param firstKey the key created with the account, with its secret; only in the creating answer
 */
@JsonbPropertyOrder({"id", "name", "tier"})
public record AccountView(
        String id,
        String name,
        String tier,
        int rateLimitPerMinute,
        boolean rateLimitOverridden,
        boolean networkAdmin,
        Instant createdAt,
        KeyView firstKey) {}

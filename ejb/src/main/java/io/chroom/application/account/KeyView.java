package io.chroom.application.account;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * An API key as the API shows it.
 *
 * @param id the key's id, used to revoke it
 * @param secret the credential itself; present only in the answer that created the key
 * @param secretHint the first characters of the secret, to tell keys apart
 * @param revokedAt when the key stopped working, if it did
 */
@JsonbPropertyOrder({"id", "accountId", "name", "scopes", "secret"})
public record KeyView(
        String id,
        String accountId,
        String name,
        List<String> scopes,
        String secret,
        String secretHint,
        Instant createdAt,
        Instant revokedAt) {}

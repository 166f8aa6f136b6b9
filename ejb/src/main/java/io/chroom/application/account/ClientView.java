package io.chroom.application.account;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * An OAuth 2.0 client as the API shows it.
 *
 * @param clientId the {@code client_id} to present at the token endpoint
 * @param clientSecret the client's secret; present only in the answers that create the client or
 *     rotate its secret
 * @param externalId the client's id at the external identity provider that issues its tokens
 * @param tokenUrl where the client exchanges its id and secret for an access token; absent for a
 *     client of an external provider
 * @param secretRotatedAt when the secret last changed; tokens issued before then are refused
 */
@JsonbPropertyOrder({"clientId", "accountId", "name", "scopes", "clientSecret", "tokenUrl"})
public record ClientView(
        String clientId,
        String accountId,
        String name,
        List<String> scopes,
        String clientSecret,
        String externalId,
        String tokenUrl,
        Instant createdAt,
        Instant secretRotatedAt) {}

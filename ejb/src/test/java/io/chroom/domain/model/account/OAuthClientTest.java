package io.chroom.domain.model.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class OAuthClientTest {

    private static final Instant CREATED = Instant.parse("2026-12-04T10:00:00.250Z");

    private static OAuthClient client(String externalId) {
        return new OAuthClient(
                "cli_1", "acc_1", "backend", EnumSet.of(Scope.MEETINGS_READ), externalId, CREATED);
    }

    @Test
    void aNewClientAcceptsTokensOfTheSecondItWasCreatedIn() {
        assertTrue(client(null).accepts(Instant.parse("2026-12-04T10:00:00Z")));
    }

    @Test
    void rotationRefusesEveryTokenOfTheRotationsSecondAndBefore() {
        OAuthClient client = client(null);
        client.secretRotated(Instant.parse("2026-12-04T11:00:00.700Z"));

        assertFalse(client.accepts(Instant.parse("2026-12-04T10:59:59Z")));
        assertFalse(client.accepts(Instant.parse("2026-12-04T11:00:00Z")));
        assertTrue(client.accepts(Instant.parse("2026-12-04T11:00:01Z")));
    }

    @Test
    void aDeletedClientAcceptsNoToken() {
        OAuthClient client = client(null);
        client.delete(Instant.parse("2026-12-04T12:00:00Z"));
        assertFalse(client.accepts(Instant.parse("2026-12-04T12:30:00Z")));
        assertFalse(client.isActive());
    }

    @Test
    void theSecretOfAnExternalProvidersClientCannotBeRotatedHere() {
        OAuthClient client = client("svc-backend");
        assertTrue(client.isExternal());
        assertThrows(IllegalStateException.class, () -> client.secretRotated(Instant.now()));
    }
}

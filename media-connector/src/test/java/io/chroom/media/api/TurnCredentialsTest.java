package io.chroom.media.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {

    // printf '%s' '1767225600:alice' | openssl dgst -sha1 -hmac 'n0de-s3cret' -binary | base64
    private static final String OPENSSL_PASSWORD = "4f3SqIn6GIJTD6nvEjePPQXtNkA=";

    @Test
    void derivesTheUserNameAndPasswordCoturnExpects() {
        TurnCredentials credentials =
                TurnCredentials.derive("alice", "n0de-s3cret", Instant.ofEpochSecond(1767225600));

        assertEquals("1767225600:alice", credentials.username(), "user name is expiry:user");
        assertEquals(
                OPENSSL_PASSWORD,
                credentials.password(),
                "password is Base64 HMAC-SHA1 of the user name, as openssl computes it");
        assertEquals(Instant.ofEpochSecond(1767225600), credentials.expiresAt());
    }

    @Test
    void dropsSubSecondExpiryAndHidesThePassword() {
        TurnCredentials credentials =
                TurnCredentials.derive(
                        "alice", "n0de-s3cret", Instant.ofEpochSecond(1767225600, 999_000_000));

        assertEquals(OPENSSL_PASSWORD, credentials.password(), "expiry counts whole seconds");
        assertFalse(
                credentials.toString().contains(OPENSSL_PASSWORD),
                "toString must not reveal the password");
    }
}

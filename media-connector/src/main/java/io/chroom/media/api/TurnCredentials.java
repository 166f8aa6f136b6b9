package io.chroom.media.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials, as a TURN server with a shared secret accepts them (coturn's
 * {@code use-auth-secret}, the "TURN REST API" scheme): the user name is the expiry in epoch
 * seconds, a colon and a user id; the password is the Base64 HMAC-SHA1 of that user name keyed with
 * the shared secret. The connector's probe and the application's ICE server list use the same
 * derivation.
 *
 * @param username {@code <expiry-epoch-seconds>:<userId>}
 * @param password Base64 of HMAC-SHA1(secret, username); never logged
 * @param expiresAt when the TURN server stops accepting the credentials
 */
public record TurnCredentials(String username, String password, Instant expiresAt) {

    public TurnCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Derives the credentials that let {@code userId} use the TURN server until {@code expiry}. */
    public static TurnCredentials derive(String userId, String secret, Instant expiry) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(secret, "secret");
        String username = expiry.getEpochSecond() + ":" + userId;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] digest = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
            return new TurnCredentials(
                    username,
                    Base64.getEncoder().encodeToString(digest),
                    Instant.ofEpochSecond(expiry.getEpochSecond()));
        } catch (GeneralSecurityException e) {
            // Every Java runtime must provide HmacSHA1.
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "TurnCredentials[" + username + "]";
    }
}

package io.chroom.media.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials, as a TURN server with a shared secret checks them (coturn's {@code
 * use-auth-secret}, the "TURN REST API" scheme): the user name is the expiry in Unix seconds and a
 * user id, the password the Base64 HMAC-SHA1 of the user name under the secret.
 *
 * @param username {@code <expiry>:<userId>}
 * @param password Base64 of HMAC-SHA1(secret, username)
 */
public record TurnCredentials(String username, String password) {

    public static TurnCredentials forUser(String userId, String secret, Instant expiry) {
        String username = expiry.getEpochSecond() + ":" + userId;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] digest = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
            return new TurnCredentials(username, Base64.getEncoder().encodeToString(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is missing from this Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "TurnCredentials[" + username + "]";
    }
}

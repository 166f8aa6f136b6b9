package io.chroom.infrastructure.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks short credentials embedded in links, such as a host's start link: an expiry and
 * an HMAC-SHA256 over purpose, subject and expiry. The same inputs always give the same token, so a
 * meeting's representation stays stable between reads.
 */
public final class LinkSigner {

    private final SecretKeySpec key;

    public LinkSigner(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String sign(String purpose, String subject, Instant expiry) {
        long expires = expiry.getEpochSecond();
        return Long.toString(expires, 36) + "." + mac(purpose, subject, expires);
    }

    /** Answers the token's expiry when it is genuine for this purpose and subject. */
    public Optional<Instant> verify(String purpose, String subject, String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        long expires;
        try {
            expires = Long.parseLong(token.substring(0, dot), 36);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        byte[] expected = mac(purpose, subject, expires).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given)
                ? Optional.of(Instant.ofEpochSecond(expires))
                : Optional.empty();
    }

    private String mac(String purpose, String subject, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] out =
                    mac.doFinal(
                            (purpose + "\n" + subject + "\n" + expires)
                                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }
}

package io.chroom.infrastructure.security;

import io.chroom.domain.model.Identifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Makes API key secrets and the digests stored in their place. A secret is {@code chr_} followed by
 * 43 base62 characters (256 random bits), so a fast digest is safe: there is nothing to guess by
 * brute force, and every request can afford it.
 */
public final class KeySecrets {

    public static final String PREFIX = "chr_";

    private KeySecrets() {}

    public static String newSecret() {
        return PREFIX + Identifiers.random(43);
    }

    public static boolean looksLikeKey(String credential) {
        return credential.startsWith(PREFIX) && credential.length() <= 128;
    }

    public static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The part of a secret shown in lists so people can tell keys apart: {@code chr_ab12…}. */
    public static String hint(String secret) {
        return secret.substring(0, PREFIX.length() + 4) + "…";
    }
}

package io.chroom.domain.model;

import java.security.SecureRandom;

/**
 * Random identifiers. Meeting ids appear in join links, so every id is drawn from a cryptographic
 * generator and long enough that guessing one is hopeless.
 */
public final class Identifiers {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Identifiers() {}

    /** A base62 string of {@code length} characters: about 5.95 random bits per character. */
    public static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    /** A meeting id: 14 base62 characters, about 83 random bits, safe in a URL path. */
    public static String meetingId() {
        return random(14);
    }

    /**
     * An id with a type prefix, such as {@code acc_} or {@code key_}: 20 characters of 119 bits.
     */
    public static String prefixed(String prefix) {
        return prefix + random(20);
    }
}

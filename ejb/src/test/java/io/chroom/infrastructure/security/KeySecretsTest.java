package io.chroom.infrastructure.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeySecretsTest {

    @Test
    void aSecretIsChrAndFortyThreeBase62Characters() {
        String secret = KeySecrets.newSecret();
        assertTrue(secret.matches("chr_[0-9A-Za-z]{43}"), secret);
    }

    @Test
    void secretsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(KeySecrets.newSecret()));
        }
    }

    @Test
    void onlyChrCredentialsOfSaneLengthLookLikeKeys() {
        assertTrue(KeySecrets.looksLikeKey(KeySecrets.newSecret()));
        assertFalse(KeySecrets.looksLikeKey("eyJhbGciOiJSUzI1NiJ9.e30.sig"), "a JWT");
        assertFalse(KeySecrets.looksLikeKey("chr_" + "x".repeat(125)), "overlong");
        assertTrue(KeySecrets.looksLikeKey("chr_" + "x".repeat(124)));
    }

    @Test
    void theDigestIsSha256AndDeterministic() {
        String secret = KeySecrets.newSecret();
        assertEquals(32, KeySecrets.digest(secret).length);
        assertArrayEquals(KeySecrets.digest(secret), KeySecrets.digest(secret));
        assertFalse(
                java.util.Arrays.equals(
                        KeySecrets.digest(secret), KeySecrets.digest(KeySecrets.newSecret())));
    }

    @Test
    void theHintShowsOnlyTheStart() {
        String secret = "chr_abcdEFGHijklMNOPqrstUVWXyz0123456789ABCDEFG";
        assertEquals("chr_abcd…", KeySecrets.hint(secret));
    }
}

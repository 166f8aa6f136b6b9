package io.chroom.infrastructure.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinkSignerTest {

    private static final Instant EXPIRY = Instant.parse("2026-12-03T11:30:00Z");

    private final LinkSigner signer = new LinkSigner(secret("a secret of thirty-two characters"));

    private static byte[] secret(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aGenuineTokenAnswersItsExpiry() {
        String token = signer.sign("meeting-host", "m1", EXPIRY);
        assertEquals(Optional.of(EXPIRY), signer.verify("meeting-host", "m1", token));
    }

    @Test
    void theSameInputsGiveTheSameToken() {
        assertEquals(
                signer.sign("meeting-host", "m1", EXPIRY),
                signer.sign("meeting-host", "m1", EXPIRY));
    }

    @Test
    void aTokenIsUrlSafe() {
        assertTrue(signer.sign("meeting-host", "m1", EXPIRY).matches("[A-Za-z0-9._-]+"));
    }

    @Test
    void aTokenIsBoundToItsPurposeAndSubject() {
        String token = signer.sign("meeting-host", "m1", EXPIRY);
        assertTrue(signer.verify("meeting-host", "m2", token).isEmpty(), "another meeting");
        assertTrue(signer.verify("other-purpose", "m1", token).isEmpty(), "another purpose");
    }

    @Test
    void aTokenOfAnotherSecretIsRefused() {
        String token =
                new LinkSigner(secret("another secret of 32 characters!"))
                        .sign("meeting-host", "m1", EXPIRY);
        assertTrue(signer.verify("meeting-host", "m1", token).isEmpty());
    }

    @Test
    void aChangedExpiryOrSignatureIsRefused() {
        String token = signer.sign("meeting-host", "m1", EXPIRY);
        String[] parts = token.split("\\.");
        String later = Long.toString(Long.parseLong(parts[0], 36) + 3600, 36);
        assertTrue(signer.verify("meeting-host", "m1", later + "." + parts[1]).isEmpty());
        char last = parts[1].charAt(parts[1].length() - 1);
        String flipped =
                parts[0]
                        + "."
                        + parts[1].substring(0, parts[1].length() - 1)
                        + (last == 'A' ? 'B' : 'A');
        assertTrue(signer.verify("meeting-host", "m1", flipped).isEmpty());
    }

    @Test
    void malformedTokensAreRefused() {
        for (String token : new String[] {null, "", ".", "abc", ".sig", "zz!.sig", "1.", "1.2.3"}) {
            assertTrue(signer.verify("meeting-host", "m1", token).isEmpty(), String.valueOf(token));
        }
    }
}

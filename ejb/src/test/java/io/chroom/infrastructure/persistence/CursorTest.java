package io.chroom.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chroom.application.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

    @Test
    void aCursorRoundTripsToTheMicrosecond() {
        Cursor cursor = new Cursor(Instant.parse("2026-12-03T10:00:00.123456Z"), "m_AbC-123");
        assertEquals(cursor, Cursor.decode(cursor.encode()));
    }

    @Test
    void instantsBefore1970RoundTripToo() {
        Cursor cursor = new Cursor(Instant.parse("1969-12-31T23:59:59.999999Z"), "x");
        assertEquals(cursor, Cursor.decode(cursor.encode()));
    }

    @Test
    void anEncodedCursorIsUrlSafe() {
        String encoded = new Cursor(Instant.now(), "id/with+odd=chars").encode();
        assertTrue(encoded.matches("[A-Za-z0-9_-]+"), encoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "bm9jb2xvbg", "MTIzOg", "YWJjOmlk", "%%%"})
    void anythingTheServerDidNotIssueIsAnInvalidRequest(String encoded) {
        InvalidRequestException e =
                assertThrows(InvalidRequestException.class, () -> Cursor.decode(encoded));
        assertEquals("cursor", e.errors().get(0).field());
    }

    @Test
    void anOverlongIdIsRefused() {
        String plain = "1:" + "x".repeat(65);
        String encoded =
                Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidRequestException.class, () -> Cursor.decode(encoded));
    }
}

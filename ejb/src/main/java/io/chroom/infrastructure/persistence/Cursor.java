package io.chroom.infrastructure.persistence;

import io.chroom.application.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Position after the last item of a page in a list ordered by creation time, newest first, then by
 * id. Clients see it as an opaque string.
 */
public record Cursor(Instant createdAt, String id) {

    public String encode() {
        long micros = createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1_000;
        String plain = micros + ":" + id;
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor a client sent back.
     *
     * @throws InvalidRequestException when the string is not a cursor this server issued
     */
    public static Cursor decode(String encoded) {
        try {
            String plain =
                    new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            long micros = Long.parseLong(plain.substring(0, colon));
            String id = plain.substring(colon + 1);
            if (id.isEmpty() || id.length() > 64) {
                throw new IllegalArgumentException("bad id");
            }
            return new Cursor(
                    Instant.ofEpochSecond(
                            Math.floorDiv(micros, 1_000_000L),
                            Math.floorMod(micros, 1_000_000L) * 1_000L),
                    id);
        } catch (RuntimeException e) {
            throw new InvalidRequestException(
                    "cursor", "cursor is not valid; pass the next_cursor of a previous page.");
        }
    }
}

package io.chroom.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void meetingIdsAreShortUrlSafeAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Identifiers.meetingId();
            assertTrue(id.matches("[0-9A-Za-z]{14}"), id);
            assertTrue(seen.add(id), "no repeats among ten thousand");
        }
    }

    @Test
    void prefixedIdsFitTheirColumns() {
        String id = Identifiers.prefixed("acc_");
        assertTrue(id.matches("acc_[0-9A-Za-z]{20}"), id);
        assertTrue(id.length() <= 32, "accounts.id is varchar(32)");
        assertEquals(14, Identifiers.meetingId().length(), "meetings.id is varchar(24)");
    }
}

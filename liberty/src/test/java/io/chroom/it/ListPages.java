package io.chroom.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the paging of a list answer: {@code next_cursor} and {@code Link: <...>; rel="next"}. */
final class ListPages {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private ListPages() {}

    /**
     * Answers the URL of the next page, or {@code null} on the last page, after checking that the
     * body's {@code next_cursor} and the {@code Link} header agree.
     */
    static String nextLink(Response page) {
        String cursor = page.path("next_cursor");
        String link = page.header("Link");
        if (cursor == null) {
            assertNull(link, "the last page has no Link rel=next");
            return null;
        }
        assertNotNull(link, () -> "a page with next_cursor carries Link rel=next: " + cursor);
        Matcher m = NEXT.matcher(link);
        assertEquals(true, m.find(), () -> "Link names rel=next: " + link);
        String next = m.group(1);
        assertEquals(
                true,
                next.contains("cursor=" + cursor),
                () -> "the next link carries the next_cursor: " + next);
        return next;
    }
}

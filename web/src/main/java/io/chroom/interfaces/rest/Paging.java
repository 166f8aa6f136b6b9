package io.chroom.interfaces.rest;

import io.chroom.application.InvalidRequestException;
import io.chroom.application.Page;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The paging rules every list follows: {@code ?limit=} from 1 to 200 (50 when left out), an opaque
 * {@code ?cursor=}, and a {@code Link: <...>; rel="next"} header beside {@code next_cursor}.
 */
final class Paging {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private Paging() {}

    /** Reads {@code ?limit=}; a value that is not a whole number in range is a 400. */
    static int limit(String raw) {
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException(
                "limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }

    static Response ok(Page<?> page, UriInfo uri) {
        Response.ResponseBuilder response = Response.ok(page);
        if (page.nextCursor() != null) {
            response.links(
                    Link.fromUri(
                                    uri.getRequestUriBuilder()
                                            .replaceQueryParam("cursor", page.nextCursor())
                                            .build())
                            .rel("next")
                            .build());
        }
        return response.build();
    }
}

package io.chroom.interfaces.rest;

import io.chroom.application.Created;
import io.chroom.application.InvalidRequestException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The {@code Idempotency-Key} request header and the marker on replayed answers. */
final class IdempotencyKeys {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotency-Replayed";

    private IdempotencyKeys() {}

    /** Checks the header's shape: 1 to 255 visible ASCII characters, or absent. */
    static String check(String key) {
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new InvalidRequestException(
                    HEADER, HEADER + " must be 1 to 255 visible ASCII characters, such as a UUID.");
        }
        return key;
    }

    /**
     * A 201 for what {@code created} made, with its {@code Location} under {@code resource}, the
     * object as the body, and the replay mark where it is one.
     */
    static Response.ResponseBuilder created(
            UriInfo uri, Class<?> resource, String id, Created<?> created) {
        return mark(
                Response.created(uri.getBaseUriBuilder().path(resource).path(id).build())
                        .entity(created.value()),
                created);
    }

    static Response.ResponseBuilder mark(Response.ResponseBuilder response, Created<?> created) {
        return created.replayed() ? response.header(REPLAYED, "true") : response;
    }
}

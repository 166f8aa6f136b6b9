package io.chroom.interfaces.rest;

import io.chroom.application.CallerView;
import io.chroom.application.Callers;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/me}: which credential, account and scopes a request carries. Integrators check a
 * new key or token with it; it is also the cheapest authenticated request there is, which makes it
 * the one the benchmark measures authentication and rate limiting by.
 */
@Path("me")
@Tag(name = "Keys", description = "API keys of the calling account.")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @EJB private Callers callers;

    @GET
    @Operation(summary = "The calling credential, its account and its scopes (any scope)")
    @APIResponse(responseCode = "200", description = "The caller.")
    public CallerView me() {
        return callers.describeCurrent();
    }
}

package io.chroom.interfaces.rest;

import io.chroom.application.Created;
import io.chroom.application.account.KeyRequest;
import io.chroom.application.account.KeyService;
import io.chroom.application.account.KeyView;
import jakarta.ejb.EJB;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/keys}: the calling account's API keys (scope {@code keys:admin}). A key's secret is
 * in the answer that creates it and nowhere else, ever.
 */
@Path("keys")
@Tag(name = "Keys", description = "API keys of the calling account.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KeyResource {

    @EJB private KeyService keys;

    @Context private UriInfo uri;

    @POST
    @Operation(
            summary = "Create an API key (scope keys:admin)",
            description =
                    "The key may carry only scopes the calling credential holds. The secret is"
                            + " shown in this answer only; a replay with the same Idempotency-Key"
                            + " answers the key without its secret.")
    @APIResponse(responseCode = "201", description = "The key, with its secret.")
    @APIResponse(responseCode = "403", description = "A requested scope is not held by the caller.")
    public Response create(
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull(message = "The request needs a JSON body.") KeyRequest request) {
        Created<KeyView> created = keys.create(request, IdempotencyKeys.check(idempotencyKey));
        return IdempotencyKeys.created(uri, KeyResource.class, created.value().id(), created)
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Operation(summary = "List the account's API keys (scope keys:admin)")
    @APIResponse(
            responseCode = "200",
            description = "A page of keys, newest first, without secrets.")
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Paging.ok(keys.list(Paging.limit(limit), cursor), uri);
    }

    @DELETE
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Revoke an API key (scope keys:admin)",
            description = "The key is refused from the next request on.")
    @APIResponse(responseCode = "204", description = "The key is revoked.")
    @APIResponse(responseCode = "404", description = "No such key in this account.")
    public Response revoke(@PathParam("id") String id) {
        keys.revoke(id);
        return Response.noContent().build();
    }
}

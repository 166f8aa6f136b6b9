package io.chroom.interfaces.rest;

import io.chroom.application.Created;
import io.chroom.application.account.ClientRequest;
import io.chroom.application.account.ClientService;
import io.chroom.application.account.ClientView;
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
 * {@code /api/oauth/clients}: the calling account's OAuth 2.0 clients (scope {@code keys:admin}). A
 * client exchanges its id and secret at the token endpoint for an access token (client credentials
 * grant) and calls the API with it as it would with a key. The secret is in the answers that create
 * the client and rotate its secret, and nowhere else, ever.
 */
@Path("oauth/clients")
@Tag(name = "OAuth clients", description = "OAuth 2.0 clients of the calling account.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ClientResource {

    @EJB private ClientService clients;

    @Context private UriInfo uri;

    @POST
    @Operation(
            summary = "Register an OAuth client (scope keys:admin)",
            description =
                    "The client may carry only scopes the calling credential holds. The secret is"
                            + " shown in this answer only. With external_id, the client is one of"
                            + " the external identity provider this server trusts, and has no"
                            + " secret here.")
    @APIResponse(responseCode = "201", description = "The client, with its secret.")
    @APIResponse(responseCode = "403", description = "A requested scope is not held by the caller.")
    public Response create(
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull(message = "The request needs a JSON body.") ClientRequest request) {
        Created<ClientView> created =
                clients.create(request, IdempotencyKeys.check(idempotencyKey));
        return IdempotencyKeys.created(
                        uri, ClientResource.class, created.value().clientId(), created)
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Operation(summary = "List the account's OAuth clients (scope keys:admin)")
    @APIResponse(
            responseCode = "200",
            description = "A page of clients, newest first, without secrets.")
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Paging.ok(clients.list(Paging.limit(limit), cursor), uri);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Show an OAuth client (scope keys:admin)")
    @APIResponse(responseCode = "200", description = "The client, without its secret.")
    @APIResponse(responseCode = "404", description = "No such client in this account.")
    public ClientView get(@PathParam("id") String id) {
        return clients.get(id);
    }

    @POST
    @Path("{id}/rotate")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Give an OAuth client a new secret (scope keys:admin)",
            description =
                    "The old secret fails at the token endpoint at once, and every access token"
                            + " issued before the rotation is refused. The answer arrives after"
                            + " the second in which the secret changed has passed, so that tokens"
                            + " issued from then on are recognisably newer.")
    @APIResponse(responseCode = "200", description = "The client, with its new secret.")
    @APIResponse(responseCode = "404", description = "No such client in this account.")
    @APIResponse(
            responseCode = "409",
            description = "The client belongs to an external identity provider.")
    public Response rotate(@PathParam("id") String id) throws InterruptedException {
        ClientView rotated = clients.rotateSecret(id);
        // Tokens state their issue time in whole seconds: one of the rotation's own second could
        // be older than the new secret, so tokens of that second are refused. Wait it out.
        long untilNextSecond = 1000 - System.currentTimeMillis() % 1000;
        Thread.sleep(untilNextSecond + 5);
        return Response.ok(rotated).header("Cache-Control", "no-store").build();
    }

    @DELETE
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Delete an OAuth client (scope keys:admin)",
            description = "Its tokens are refused from the next request on.")
    @APIResponse(responseCode = "204", description = "The client is deleted.")
    @APIResponse(responseCode = "404", description = "No such client in this account.")
    public Response delete(@PathParam("id") String id) {
        clients.delete(id);
        return Response.noContent().build();
    }
}

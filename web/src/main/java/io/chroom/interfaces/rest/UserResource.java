package io.chroom.interfaces.rest;

import io.chroom.application.Created;
import io.chroom.application.console.ConsoleUserService;
import io.chroom.application.console.UserRequest;
import io.chroom.application.console.UserView;
import jakarta.ejb.EJB;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
 * {@code /api/users}: the people who sign in to the console for the calling account (scope {@code
 * keys:admin}). A user acts with the scopes of their role: {@code viewer} reads, {@code admin} and
 * {@code owner} do all the account may, and only an owner makes owners.
 */
@Path("users")
@Tag(name = "Console users", description = "People who sign in to the console.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    @EJB private ConsoleUserService users;

    @Context private UriInfo uri;

    @POST
    @Operation(
            summary = "Add a console user to the account (scope keys:admin)",
            description = "The password (12 to 200 characters) is kept only as a PBKDF2 hash.")
    @APIResponse(responseCode = "201", description = "The user.")
    @APIResponse(responseCode = "409", description = "The email address is taken.")
    public Response create(
            @Valid @NotNull(message = "The request needs a JSON body.") UserRequest request) {
        Created<UserView> created = users.create(request);
        return Response.created(
                        uri.getBaseUriBuilder()
                                .path(UserResource.class)
                                .path(created.value().id())
                                .build())
                .entity(created.value())
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Operation(summary = "List the account's console users (scope keys:admin)")
    @APIResponse(responseCode = "200", description = "A page of users, newest first.")
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Paging.ok(users.list(Paging.limit(limit), cursor), uri);
    }

    @DELETE
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Remove a console user (scope keys:admin)",
            description = "The user can no longer sign in; an open session ends at once.")
    @APIResponse(responseCode = "204", description = "The user is removed.")
    @APIResponse(responseCode = "404", description = "No such user in this account.")
    public Response remove(@PathParam("id") String id) {
        users.remove(id);
        return Response.noContent().build();
    }
}

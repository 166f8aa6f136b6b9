package io.chroom.interfaces.rest;

import io.chroom.application.CallerView;
import io.chroom.application.Callers;
import io.chroom.application.console.ConsoleUserService;
import io.chroom.application.console.PasswordChange;
import io.chroom.interfaces.security.ConsoleSessions;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/me}: which credential, account and scopes a request carries. Integrators check a
 * new key or token with it; it is also the cheapest authenticated request there is, which makes it
 * the one the benchmark measures authentication and rate limiting by. {@code POST /api/me/password}
 * lets a person signed in to the console change their own password.
 */
@Path("me")
@Tag(name = "Keys", description = "API keys of the calling account.")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @EJB private Callers callers;

    @EJB private ConsoleUserService users;

    @Inject private ConsoleSessions sessions;

    @Context private HttpServletRequest request;

    @GET
    @Operation(summary = "The calling credential, its account and its scopes (any scope)")
    @APIResponse(responseCode = "200", description = "The caller.")
    public CallerView me() {
        return callers.describeCurrent();
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Change the signed-in person's own password (any scope)",
            description =
                    "For a console session: the current password proves it is the person; the"
                            + " new one has 12 to 200 characters. The person's other sessions end;"
                            + " this one stays open. A wrong current password counts as a failed"
                            + " sign-in, and repeated failures lock the change and sign-in for a"
                            + " while.")
    @APIResponse(responseCode = "204", description = "The password was changed.")
    @APIResponse(
            responseCode = "400",
            description = "The current password is wrong, or the new one is not acceptable.")
    @APIResponse(
            responseCode = "409",
            description = "The credential is an API key or an OAuth client: it has no password.")
    @APIResponse(responseCode = "429", description = "Locked after repeated wrong passwords.")
    public Response changePassword(
            @Valid @NotNull(message = "The request needs a JSON body.") PasswordChange change) {
        users.changePassword(
                change, ConsoleSessions.sessionDigest(request), sessions.clientSubject(request));
        return Response.noContent().build();
    }
}

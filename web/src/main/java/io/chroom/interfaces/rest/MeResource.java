package io.chroom.interfaces.rest;

import io.chroom.application.CallerView;
import io.chroom.application.Callers;
import io.chroom.application.console.ConsoleUserService;
import io.chroom.application.console.PasswordChange;
import io.chroom.application.usage.ApiUsageService;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/me}: which credential, account and scopes a request carries. Integrators check a
 * new key or token with it; it is also the cheapest authenticated request there is, which makes it
 * the one the benchmark measures authentication and rate limiting by. {@code GET /api/me/usage}
 * shows the account's requests and errors over time; {@code POST /api/me/password} lets a person
 * signed in to the console change their own password.
 */
@Path("me")
@Tag(name = "Keys", description = "API keys of the calling account.")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @EJB private Callers callers;

    @EJB private ConsoleUserService users;

    @EJB private ApiUsageService usage;

    @Context private UriInfo uri;

    @Inject private ConsoleSessions sessions;

    @Context private HttpServletRequest request;

    @GET
    @Operation(summary = "The calling credential, its account and its scopes (any scope)")
    @APIResponse(responseCode = "200", description = "The caller.")
    public CallerView me() {
        return callers.describeCurrent();
    }

    @GET
    @Path("usage")
    @Operation(
            summary = "The caller's account's requests and errors over time (any scope)",
            description =
                    "Per interval, oldest first: every request the account's credentials made"
                            + " (its console sessions' included), and those answered 400 to 499"
                            + " (client_errors, without 429), 429 (rate_limited) and 500 to 599"
                            + " (server_errors). Every server adds its counts every few seconds,"
                            + " so the last seconds may not show yet. Intervals without requests"
                            + " are left out. The window is the last hour unless from and to say"
                            + " otherwise (31 days at most).")
    @APIResponse(responseCode = "200", description = "A page of intervals, oldest first.")
    public Response usage(
            @Parameter(description = "RFC 3339; the start of the window.") @QueryParam("from")
                    String from,
            @Parameter(description = "RFC 3339; the end of the window, now by default.")
                    @QueryParam("to")
                    String to,
            @Parameter(description = "1m (default), 5m, 15m, 1h or 1d") @QueryParam("granularity")
                    String granularity,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return Paging.ok(
                usage.mine(
                        Timestamps.parse("from", from),
                        Timestamps.parse("to", to),
                        granularity,
                        Paging.limit(limit),
                        cursor),
                uri);
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

package io.chroom.interfaces.rest;

import io.chroom.application.Created;
import io.chroom.application.account.AccountChanges;
import io.chroom.application.account.AccountRequest;
import io.chroom.application.account.AccountService;
import io.chroom.application.account.AccountView;
import io.chroom.application.usage.ApiUsageService;
import jakarta.ejb.EJB;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
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
 * {@code /api/accounts}: the network administrators' tools (scope {@code accounts:admin}, held by
 * the bootstrap key) to open customer accounts and set their tier and rate limit.
 */
@Path("accounts")
@Tag(name = "Accounts", description = "Customer accounts, for network administrators.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountResource {

    @EJB private AccountService accounts;

    @EJB private ApiUsageService usage;

    @Context private UriInfo uri;

    @POST
    @Operation(
            summary = "Open an account (scope accounts:admin)",
            description =
                    "Creates the account and its first key, which holds every scope an account"
                            + " may hold; the key's secret is in this answer only.")
    @APIResponse(responseCode = "201", description = "The account and its first key.")
    public Response create(
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull(message = "The request needs a JSON body.") AccountRequest request) {
        Created<AccountView> created =
                accounts.create(request, IdempotencyKeys.check(idempotencyKey));
        return IdempotencyKeys.created(uri, AccountResource.class, created.value().id(), created)
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Operation(summary = "List accounts (scope accounts:admin)")
    @APIResponse(responseCode = "200", description = "A page of accounts, newest first.")
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Paging.ok(accounts.list(Paging.limit(limit), cursor), uri);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get an account (scope accounts:admin)")
    @APIResponse(responseCode = "200", description = "The account.")
    @APIResponse(responseCode = "404", description = "No such account.")
    public AccountView get(@PathParam("id") String id) {
        return accounts.get(id);
    }

    @GET
    @Path("{id}/usage")
    @Operation(
            summary = "An account's requests and errors over time (scope accounts:admin)",
            description = "The same figures as GET /api/me/usage, for any account.")
    @APIResponse(responseCode = "200", description = "A page of intervals, oldest first.")
    @APIResponse(responseCode = "404", description = "No such account.")
    public Response usage(
            @PathParam("id") String id,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("granularity") String granularity,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return Paging.ok(
                usage.ofAccount(
                        id,
                        Timestamps.parse("from", from),
                        Timestamps.parse("to", to),
                        granularity,
                        Paging.limit(limit),
                        cursor),
                uri);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(
            summary = "Change an account's name, tier or rate limit (scope accounts:admin)",
            description =
                    "rate_limit_per_minute 0 removes the override so the tier's limit applies.")
    @APIResponse(responseCode = "200", description = "The changed account.")
    public AccountView update(
            @PathParam("id") String id,
            @Valid @NotNull(message = "The request needs a JSON body.") AccountChanges changes) {
        return accounts.update(id, changes);
    }
}

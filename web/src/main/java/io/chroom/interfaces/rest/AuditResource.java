package io.chroom.interfaces.rest;

import io.chroom.application.audit.AuditTrail;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
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
 * {@code /api/audit}: the security audit trail, for network administrators ({@code
 * accounts:admin}). Keys created and revoked, accounts opened and changed, nodes registered,
 * changed, drained and removed, credentials refused a scope, and failed authentication counted per
 * source address and minute. No entry holds a secret.
 */
@Path("audit")
@Tag(name = "Audit", description = "Security events, for network administrators.")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @EJB private AuditTrail audit;

    @Context private UriInfo uri;

    @GET
    @Operation(
            summary = "List security events (scope accounts:admin)",
            description =
                    "Newest first. Types: key.created, key.revoked, account.created,"
                            + " account.changed, node.registered, node.changed, node.drained,"
                            + " node.removed, auth.failed (one entry per source address and"
                            + " minute, with a count), scope.refused.")
    @APIResponse(responseCode = "200", description = "A page of audit entries.")
    public Response list(
            @Parameter(description = "Only events of this type.") @QueryParam("type") String type,
            @Parameter(description = "Only events by or about this account.")
                    @QueryParam("account_id")
                    String accountId,
            @Parameter(description = "RFC 3339; at or after.") @QueryParam("from") String from,
            @Parameter(description = "RFC 3339; before.") @QueryParam("to") String to,
            @Parameter(description = "Page size, 1 to 200; 50 by default.") @QueryParam("limit")
                    String limit,
            @Parameter(description = "The next_cursor of the previous page.") @QueryParam("cursor")
                    String cursor) {
        return Paging.ok(
                audit.list(
                        blankToNull(type),
                        blankToNull(accountId),
                        Timestamps.parse("from", from),
                        Timestamps.parse("to", to),
                        Paging.limit(limit),
                        blankToNull(cursor)),
                uri);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

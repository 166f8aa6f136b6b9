package io.chroom.interfaces.rest;

import io.chroom.application.InvalidRequestException;
import io.chroom.application.settlement.EpochView;
import io.chroom.application.settlement.LedgerService;
import io.chroom.application.settlement.UsageProofView;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
 * {@code /api/ledger}: the usage ledger (scope {@code tokens:read}). Each epoch's usage records
 * (meeting, node, participant-minutes, quality score) are the leaves of a Merkle tree whose root
 * the server publishes to the {@code UsageLedger} contract; a meeting's records come with their
 * proofs, so that anyone can check them against the root on chain.
 */
@Path("ledger")
@Tag(name = "Usage ledger", description = "Epochs, their usage records and Merkle proofs.")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    @EJB private LedgerService ledger;

    @Context private UriInfo uri;

    @GET
    @Path("epochs")
    @Operation(summary = "List epochs, newest first (scope tokens:read)")
    @APIResponse(responseCode = "200", description = "A page of epochs.")
    public Response epochs(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Paging.ok(ledger.epochs(Paging.limit(limit), cursor), uri);
    }

    @GET
    @Path("epochs/current")
    @Operation(
            summary = "The open epoch (scope tokens:read)",
            description =
                    "503 while no epoch can open: the next one reads its length and prices from"
                            + " the chain.")
    @APIResponse(responseCode = "200", description = "The open epoch.")
    @APIResponse(responseCode = "503", description = "No epoch is open; retry later.")
    public EpochView current() {
        return ledger.current();
    }

    @GET
    @Path("epochs/{n}")
    @Operation(
            summary = "An epoch and its settlement (scope tokens:read)",
            description =
                    "state moves open → settling → pending → submitted → confirmed | failed;"
                            + " roots, totals and transactions are null until known.")
    @APIResponse(responseCode = "200", description = "The epoch.")
    @APIResponse(responseCode = "404", description = "No such epoch.")
    public EpochView epoch(@PathParam("n") String n) {
        return ledger.epoch(epochNumber("n", n));
    }

    @GET
    @Path("meetings/{id}/proof")
    @Operation(
            summary = "A meeting's usage records with their Merkle proofs (scope tokens:read)",
            description =
                    "One record per epoch and node. Check one with UsageLedger.verify(epoch, leaf,"
                            + " proof) on chain; the leaf is keccak256(keccak256(abi.encode(epoch,"
                            + " keccak256(meeting_id), keccak256(node_id), participant_minutes,"
                            + " quality_score))).")
    @APIResponse(responseCode = "200", description = "The meeting's records and proofs.")
    @APIResponse(responseCode = "404", description = "No such meeting in this account.")
    public UsageProofView proof(
            @PathParam("id") String id,
            @Parameter(description = "only this epoch's records") @QueryParam("epoch")
                    String epoch) {
        return ledger.proof(id, epoch == null ? null : epochNumber("epoch", epoch));
    }

    /** An epoch number as a client wrote it; anything but a whole number from 0 is a 400. */
    static long epochNumber(String field, String value) {
        if (value != null && value.matches("\\d{1,18}")) {
            return Long.parseLong(value);
        }
        throw new InvalidRequestException(field, field + " must be a whole number from 0.");
    }
}

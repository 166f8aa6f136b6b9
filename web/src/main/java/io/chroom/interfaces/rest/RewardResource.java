package io.chroom.interfaces.rest;

import io.chroom.application.Created;
import io.chroom.application.settlement.LedgerService;
import io.chroom.application.settlement.SettlementView;
import jakarta.ejb.EJB;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
 * {@code /api/tokens/rewards}: each operator's share of each epoch's reward, with the Merkle proof
 * it claims with on chain (scope {@code tokens:read}), and settling an ended epoch now (scope
 * {@code nodes:admin}; the epoch job settles every epoch by itself after a grace period).
 */
@Path("tokens/rewards")
@Tag(name = "Tokens", description = "Balances, wallets and payments in the Chroom token.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RewardResource {

    @EJB private LedgerService ledger;

    @Context private UriInfo uri;

    /** Body of {@code POST /api/tokens/rewards/settle}. */
    public record SettleRequest(@NotNull(message = "epoch is required.") Long epoch) {}

    @GET
    @Operation(
            summary = "Operators' rewards, newest epoch first (scope tokens:read)",
            description =
                    "An operator claims its reward with RewardsDistributor.claim(epoch, operator,"
                            + " amount_units, proof) once state is confirmed.")
    @APIResponse(responseCode = "200", description = "A page of rewards.")
    public Response rewards(
            @Parameter(description = "only this epoch") @QueryParam("epoch") String epoch,
            @Parameter(description = "only this operator wallet") @QueryParam("operator")
                    String operator,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return Paging.ok(
                ledger.rewards(
                        epoch == null ? null : LedgerResource.epochNumber("epoch", epoch),
                        operator,
                        Paging.limit(limit),
                        cursor),
                uri);
    }

    @POST
    @Path("settle")
    @Operation(
            summary = "Settle an ended epoch now (scope nodes:admin)",
            description =
                    "Writes the epoch's usage records, charges and rewards and queues the two"
                            + " transactions that publish its roots; they are sent by the chain"
                            + " outbox. 409 if the epoch has not ended or is already settled.")
    @APIResponse(responseCode = "202", description = "Accepted; the settlement with its state.")
    @APIResponse(responseCode = "409", description = "Not ended, or already settled.")
    public Response settle(
            @Parameter(description = "Makes a retried request answer the first result.")
                    @HeaderParam(IdempotencyKeys.HEADER)
                    String idempotencyKey,
            @Valid @NotNull(message = "The request needs a JSON body.") SettleRequest request) {
        Created<SettlementView> created =
                ledger.settle(request.epoch(), IdempotencyKeys.check(idempotencyKey));
        return IdempotencyKeys.mark(
                        Response.accepted(created.value())
                                .location(
                                        uri.getBaseUriBuilder()
                                                .path(LedgerResource.class)
                                                .path("epochs")
                                                .path(Long.toString(created.value().epoch()))
                                                .build()),
                        created)
                .build();
    }
}

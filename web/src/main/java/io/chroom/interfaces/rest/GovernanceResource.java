package io.chroom.interfaces.rest;

import io.chroom.application.governance.GovernanceService;
import jakarta.ejb.EJB;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/governance}: the network parameters governance sets, and votes by signature that the
 * platform relays to the governor (scope {@code governance:write}).
 */
@Path("governance")
@Tag(name = "Governance", description = "Token-holder governance of the network's parameters.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GovernanceResource {

    @EJB private GovernanceService governance;

    /**
     * Body of {@code POST /api/governance/proposals/{id}/votes}: the holder's EIP-712 signature of
     * Ballot(uint256 proposalId, uint8 support, address voter, uint256 nonce) in the governor's
     * domain (name "Chroom Governor", version "1").
     */
    public record Vote(
            @NotNull(message = "voter is required.") String voter,
            @NotNull(message = "support is required: 0 against, 1 for, 2 abstain.") Integer support,
            @NotNull(message = "signature is required.") String signature) {}

    @GET
    @Path("parameters")
    @Operation(summary = "The network parameters as governance last set them, read from chain")
    @APIResponse(responseCode = "503", description = "The chain does not answer; retry later.")
    public GovernanceService.ParametersView parameters() {
        return governance.parameters();
    }

    @POST
    @Path("proposals/{id}/votes")
    @Operation(
            summary = "Relay a holder's signed vote (scope governance:write)",
            description =
                    "The vote is sent by the platform's signer through its outbox; a ballot the"
                            + " governor would refuse (a closed proposal, a used nonce) is dropped"
                            + " before it is sent.")
    @APIResponse(responseCode = "202", description = "Accepted for relaying.")
    public Response vote(
            @PathParam("id") String id,
            @Valid @NotNull(message = "The request needs a JSON body.") Vote vote) {
        return Response.accepted(
                        governance.relayVote(id, vote.voter(), vote.support(), vote.signature()))
                .build();
    }
}

package io.chroom.interfaces.rest;

import io.chroom.application.Created;
import io.chroom.application.governance.GovernanceService;
import io.chroom.application.governance.ProposalRequest;
import io.chroom.application.governance.ProposalService;
import io.chroom.application.governance.ProposalView;
import jakarta.ejb.EJB;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
 * {@code /api/governance}: the network parameters governance sets, the proposals that change them
 * (read with {@code tokens:read}; made with {@code governance:write}, proposed by the platform's
 * signer), the ballot a holder signs, and votes by signature that the platform relays to the
 * governor ({@code governance:write}).
 */
@Path("governance")
@Tag(name = "Governance", description = "Token-holder governance of the network's parameters.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GovernanceResource {

    @EJB private GovernanceService governance;

    @EJB private ProposalService proposals;

    @Context private UriInfo uri;

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

    @GET
    @Path("proposals")
    @Operation(
            summary = "List proposals, newest first (scope tokens:read)",
            description =
                    "Proposals made through the API and those the governor's events showed, with"
                            + " state and tallies read from the governor as they are answered"
                            + " (the latest stored ones while the chain does not answer)."
                            + " vote_start and vote_end are block numbers, the governor's clock.")
    @APIResponse(responseCode = "200", description = "A page of proposals.")
    public Response proposals(
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Paging.ok(proposals.list(Paging.limit(limit), cursor), uri);
    }

    @GET
    @Path("proposals/{id}")
    @Operation(summary = "A proposal by its decimal id (scope tokens:read)")
    @APIResponse(responseCode = "200", description = "The proposal.")
    @APIResponse(responseCode = "404", description = "No such proposal.")
    public ProposalView proposal(@PathParam("id") String id) {
        return proposals.get(id);
    }

    @POST
    @Path("proposals")
    @Operation(
            summary = "Propose parameter changes (scope governance:write)",
            description =
                    "The platform's signer proposes the changes to the governor through its"
                            + " outbox. The answer carries the governor's id of the proposal at"
                            + " once; state is the relay's (pending, submitted, failed) until the"
                            + " governor has it, then the governor's. Parameters:"
                            + " price_per_participant_minute, reward_per_epoch and minimum_stake"
                            + " in tokens, min_quality_score in basis points (0 to 10000),"
                            + " epoch_seconds.")
    @APIResponse(responseCode = "202", description = "Accepted; the proposal.")
    @APIResponse(
            responseCode = "409",
            description = "The same changes with the same description are proposed already.")
    public Response propose(
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull(message = "The request needs a JSON body.") ProposalRequest request) {
        Created<ProposalView> created =
                proposals.propose(request, IdempotencyKeys.check(idempotencyKey));
        return IdempotencyKeys.mark(
                        Response.accepted(created.value())
                                .location(
                                        uri.getBaseUriBuilder()
                                                .path(GovernanceResource.class)
                                                .path("proposals")
                                                .path(created.value().id())
                                                .build()),
                        created)
                .build();
    }

    @GET
    @Path("ballot")
    @Operation(
            summary = "The ballot a holder signs to vote (scope tokens:read)",
            description =
                    "EIP-712 typed data ({types, domain, primaryType, message}) of"
                            + " Ballot(uint256 proposalId, uint8 support, address voter, uint256"
                            + " nonce) in the governor's domain, at the voter's current nonce,"
                            + " ready for a wallet's eth_signTypedData_v4; its field names are"
                            + " EIP-712's. support: 0 against, 1 for, 2 abstain.")
    @APIResponse(responseCode = "200", description = "The typed data to sign.")
    @APIResponse(responseCode = "503", description = "The chain does not answer; retry later.")
    public JsonObject ballot(
            @QueryParam("proposal_id") String proposalId,
            @QueryParam("support") String support,
            @QueryParam("voter") String voter) {
        return governance.ballot(proposalId, support, voter);
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

package io.chroom.interfaces.rest;

import io.chroom.application.Created;
import io.chroom.application.node.NodeChanges;
import io.chroom.application.node.NodeHealthView;
import io.chroom.application.node.NodeRequest;
import io.chroom.application.node.NodeService;
import io.chroom.application.node.NodeView;
import jakarta.ejb.EJB;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/nodes}: the pool of media nodes meetings run on. Reading needs {@code nodes:read};
 * registering, changing, draining and removing a node need {@code nodes:admin}, which only the
 * network's administrators hold. A node's secrets are accepted but never shown.
 */
@Path("nodes")
@Tag(name = "Media nodes", description = "The pool of media nodes and their health.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NodeResource {

    @EJB private NodeService nodes;

    @Context private UriInfo uri;

    @POST
    @Operation(
            summary = "Register a media node (scope nodes:admin)",
            description =
                    "Chroom asks the node who it is at once: a node that answers is up and takes"
                            + " meetings; one that does not is registered as down until the"
                            + " health watch reaches it. URLs must be public HTTPS unless the"
                            + " operator allow-lists their network. The operator wallet must hold"
                            + " at least the network's minimum_stake in the staking contract.")
    @APIResponse(responseCode = "201", description = "The node, without its secrets.")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid.")
    @APIResponse(
            responseCode = "409",
            description =
                    "The operator wallet holds less than the minimum stake; errors names"
                            + " operator_wallet.")
    @APIResponse(
            responseCode = "503",
            description = "The chain does not answer, so the stake cannot be checked; retry.")
    public Response register(
            @Parameter(description = "Makes a retried request answer the first result.")
                    @HeaderParam(IdempotencyKeys.HEADER)
                    String idempotencyKey,
            @Valid @NotNull(message = "The request needs a JSON body.") NodeRequest request) {
        Created<NodeView> created = nodes.register(request, IdempotencyKeys.check(idempotencyKey));
        return IdempotencyKeys.created(uri, NodeResource.class, created.value().nodeId(), created)
                .build();
    }

    @GET
    @Operation(summary = "List media nodes (scope nodes:read)", description = "Newest first.")
    @APIResponse(responseCode = "200", description = "A page of nodes.")
    public Response list(
            @Parameter(description = "active, draining, down or removed") @QueryParam("state")
                    String state,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return Paging.ok(nodes.list(state, Paging.limit(limit), cursor), uri);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a media node (scope nodes:read)")
    @APIResponse(responseCode = "200", description = "The node.")
    @APIResponse(responseCode = "404", description = "No such node.")
    public NodeView get(@PathParam("id") String id) {
        return nodes.get(id);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(
            summary = "Change a media node (scope nodes:admin)",
            description =
                    "Fields left out keep their value. state draining drains the node; state"
                            + " active puts a draining node back into service. Putting a node"
                            + " back into service, or giving it another operator_wallet, needs"
                            + " that wallet's minimum stake.")
    @APIResponse(responseCode = "200", description = "The changed node.")
    @APIResponse(
            responseCode = "409",
            description = "The operator wallet holds less than the minimum stake.")
    public NodeView update(
            @PathParam("id") String id,
            @Valid @NotNull(message = "The request needs a JSON body.") NodeChanges changes) {
        return nodes.update(id, changes);
    }

    @DELETE
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Remove a media node (scope nodes:admin)",
            description = "Its live meetings move to other nodes first. The node stays readable.")
    @APIResponse(responseCode = "204", description = "The node is removed.")
    public Response remove(@PathParam("id") String id) {
        nodes.remove(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/drain")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Drain a media node (scope nodes:admin)",
            description =
                    "The node takes no new meetings, and its live meetings move to other nodes"
                            + " now; their clients reconnect by themselves.")
    @APIResponse(responseCode = "200", description = "The draining node.")
    public NodeView drain(@PathParam("id") String id) {
        return nodes.drain(id);
    }

    @GET
    @Path("{id}/health")
    @Operation(
            summary = "A media node's health (scope nodes:read)",
            description =
                    "Current health and load, and the latest changes the health watch saw:"
                            + " control API, STUN round trip and TURN allocation.")
    @APIResponse(responseCode = "200", description = "The node's health.")
    public NodeHealthView health(@PathParam("id") String id) {
        return nodes.health(id);
    }
}

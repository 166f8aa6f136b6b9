package io.chroom.interfaces.rest;

import io.chroom.application.Created;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.webhook.WebhookChanges;
import io.chroom.application.webhook.WebhookRequest;
import io.chroom.application.webhook.WebhookService;
import io.chroom.application.webhook.WebhookView;
import jakarta.ejb.EJB;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/webhooks}: subscriptions to the account's events, their delivery log and redelivery
 * (scope {@code webhooks:admin}). Deliveries are POSTed as JSON with the headers {@code
 * Chroom-Event-Id}, {@code Chroom-Event-Type}, {@code Chroom-Timestamp} and {@code
 * Chroom-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}.
 */
@Path("webhooks")
@Tag(name = "Webhooks", description = "Signed, durable event delivery to integrators.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebhookResource {

    @EJB private WebhookService webhooks;

    @Context private UriInfo uri;

    /** Body of {@code POST /api/webhooks/{id}/rotate-secret}. */
    public record Rotation(
            @Min(value = 0, message = "grace_minutes must be 0 or more.")
                    @Max(value = 10080, message = "grace_minutes must be at most 10080 (a week).")
                    Integer graceMinutes) {}

    /** Body of {@code POST /api/webhooks/{id}/redeliver}. */
    public record Redelivery(@NotNull(message = "since is required.") String since) {}

    @POST
    @Operation(
            summary = "Subscribe to events (scope webhooks:admin)",
            description =
                    "url must be HTTPS on a public address. The signing secret is in this answer"
                            + " only.")
    @APIResponse(responseCode = "201", description = "The subscription, with its secret.")
    @APIResponse(responseCode = "400", description = "A field is invalid or the url is refused.")
    public Response create(
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull(message = "The request needs a JSON body.") WebhookRequest request) {
        Created<WebhookView> created =
                webhooks.create(request, IdempotencyKeys.check(idempotencyKey));
        return IdempotencyKeys.created(uri, WebhookResource.class, created.value().id(), created)
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Operation(summary = "List subscriptions (scope webhooks:admin)")
    public Response list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Paging.ok(webhooks.list(Paging.limit(limit), cursor), uri);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a subscription (scope webhooks:admin)")
    @APIResponse(responseCode = "404", description = "No such subscription in this account.")
    public WebhookView get(@PathParam("id") String id) {
        return webhooks.get(id);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change url, event types, description or enabled (scope webhooks:admin)")
    public WebhookView update(
            @PathParam("id") String id,
            @Valid @NotNull(message = "The request needs a JSON body.") WebhookChanges changes) {
        return webhooks.update(id, changes);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a subscription and its delivery log (scope webhooks:admin)")
    @APIResponse(responseCode = "204", description = "Deleted.")
    public Response delete(@PathParam("id") String id) {
        webhooks.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/rotate-secret")
    @Operation(
            summary = "Rotate the signing secret (scope webhooks:admin)",
            description =
                    "The new secret is in this answer only. The old one keeps signing beside it"
                            + " for grace_minutes (24 hours by default).")
    public Response rotate(@PathParam("id") String id, @Valid Rotation rotation) {
        return Response.ok(
                        webhooks.rotateSecret(
                                id, rotation == null ? null : rotation.graceMinutes()))
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("{id}/ping")
    @Operation(summary = "Send a webhook.ping event to this subscription (scope webhooks:admin)")
    @APIResponse(responseCode = "202", description = "The ping is queued; its event id.")
    public Response ping(@PathParam("id") String id) {
        return Response.accepted(Map.of("event_id", webhooks.ping(id))).build();
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(
            summary = "The delivery log: each delivery with its attempts (scope webhooks:admin)",
            description = "Newest first; filter with state=pending|delivered|dead.")
    public Response deliveries(
            @PathParam("id") String id,
            @QueryParam("state") String state,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return Paging.ok(webhooks.deliveries(id, state, Paging.limit(limit), cursor), uri);
    }

    @POST
    @Path("{id}/redeliver")
    @Operation(
            summary =
                    "Redeliver every event whose delivery died since a time (scope webhooks:admin)")
    @APIResponse(responseCode = "202", description = "How many events were queued again.")
    public Response redeliverFailed(
            @PathParam("id") String id,
            @Valid @NotNull(message = "The request needs a JSON body.") Redelivery redelivery) {
        OffsetDateTime since;
        try {
            since = OffsetDateTime.parse(redelivery.since());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(
                    "since", "since must be an RFC 3339 timestamp, such as 2026-12-03T10:00:00Z.");
        }
        return Response.accepted(Map.of("queued", webhooks.redeliverFailed(id, since))).build();
    }

    @POST
    @Path("deliveries/{id}/redeliver")
    @Operation(summary = "Redeliver one event, with its original event id (scope webhooks:admin)")
    @APIResponse(responseCode = "202", description = "The new delivery's id.")
    @APIResponse(responseCode = "404", description = "No such delivery in this account.")
    public Response redeliver(@PathParam("id") String id) {
        return Response.accepted(Map.of("delivery_id", webhooks.redeliver(id))).build();
    }
}

package io.chroom.interfaces.rest;

import io.chroom.application.analytics.AnalyticsService;
import io.chroom.application.analytics.AnalyticsService.Window;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/analytics}: what the media nodes measured about the caller's meetings (scope {@code
 * analytics:read}). Windows are {@code from} (inclusive) to {@code to} (exclusive), RFC 3339; the
 * last hour when left out.
 */
@Path("analytics")
@Tag(name = "Analytics", description = "Quality, bandwidth, usage and node health.")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    @EJB private AnalyticsService analytics;

    @Inject private AnalyticsStream live;

    @Context private UriInfo uri;

    @GET
    @Path("qos")
    @Operation(
            summary = "Quality of a meeting per participant and interval (scope analytics:read)",
            description =
                    "Round trip, jitter, packet loss, bitrates and NACKs of each participant's"
                            + " audio and video as the node measured them, and a MOS from the"
                            + " ITU-T G.107 E-model (audio).")
    @APIResponse(responseCode = "200", description = "A page of intervals, oldest first.")
    @APIResponse(responseCode = "404", description = "No such meeting in the caller's account.")
    public Response qos(
            @QueryParam("meeting_id") String meetingId,
            @QueryParam("participant_id") String participantId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @Parameter(description = "10s, 1m (default), 5m, 15m, 1h or 1d")
                    @QueryParam("granularity")
                    String granularity,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return Paging.ok(
                analytics.qos(
                        meetingId,
                        participantId,
                        window(from, to),
                        granularity,
                        Paging.limit(limit),
                        cursor),
                uri);
    }

    @GET
    @Path("bandwidth")
    @Operation(
            summary = "Bytes and participant-minutes (scope analytics:read)",
            description =
                    "Bytes the nodes received from and sent to the caller's participants, and"
                            + " the minutes they were connected, by meeting, node or account.")
    @APIResponse(responseCode = "200", description = "A page of totals.")
    public Response bandwidth(
            @Parameter(description = "meeting (default), node or account") @QueryParam("by")
                    String by,
            @QueryParam("meeting_id") String meetingId,
            @QueryParam("node_id") String nodeId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        String id = "node".equals(by) ? nodeId : meetingId;
        return Paging.ok(
                analytics.usage(by, id, window(from, to), Paging.limit(limit), cursor), uri);
    }

    @GET
    @Path("nodes")
    @Operation(
            summary = "Health and load of the nodes over time (scope analytics:read)",
            description = "Per node and interval: probes, failed probes, round trips and load.")
    @APIResponse(responseCode = "200", description = "A page of intervals, oldest first.")
    public Response nodes(
            @QueryParam("node_id") String nodeId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("granularity") String granularity,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return Paging.ok(
                analytics.nodes(nodeId, window(from, to), granularity, Paging.limit(limit), cursor),
                uri);
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(
            summary = "Live quality and node health (scope analytics:read)",
            description =
                    "Server-sent events: event qos for each media sample of the caller's"
                            + " meetings, within about a second of the node posting it, and, for"
                            + " credentials holding nodes:read, event node for each health probe.")
    @APIResponse(responseCode = "200", description = "A text/event-stream that stays open.")
    public void stream(@Context SseEventSink sink, @Context Sse sse) {
        live.subscribe(analytics.subscribe(), sink, sse);
    }

    private static Window window(String from, String to) {
        return Window.of(Timestamps.parse("from", from), Timestamps.parse("to", to));
    }
}

package io.chroom.interfaces.rest;

import io.chroom.application.Created;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.Page;
import io.chroom.application.media.JoinRequest;
import io.chroom.application.media.JoinService;
import io.chroom.application.media.JoinView;
import io.chroom.application.meeting.MeetingChanges;
import io.chroom.application.meeting.MeetingQuery;
import io.chroom.application.meeting.MeetingRequest;
import io.chroom.application.meeting.MeetingService;
import io.chroom.application.meeting.MeetingView;
import io.chroom.application.meeting.ParticipantRequest;
import io.chroom.application.meeting.ParticipantView;
import io.chroom.application.meeting.PlacementRecord;
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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/meetings}: book meetings, change them, start and end them, and manage who is invited.
 * Reading needs {@code meetings:read}; anything that changes a meeting needs {@code
 * meetings:write}. Another account's meeting answers 404. Operations that take no body accept any
 * Content-Type, since many HTTP clients label even an empty POST.
 */
@Path("meetings")
@Tag(name = "Meetings", description = "Book and run meetings.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MeetingResource {

    @EJB private MeetingService meetings;

    @EJB private JoinService joins;

    @Context private UriInfo uri;

    @POST
    @Path("create")
    @Operation(
            summary = "Create a meeting (scope meetings:write)",
            description =
                    "The call every integration starts with. Answers 200 with the meeting, its"
                            + " host's start_url and its participants' join_url. Send an"
                            + " Idempotency-Key to make retries safe.")
    @APIResponse(responseCode = "200", description = "The meeting was created.")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid.")
    @APIResponse(
            responseCode = "409",
            description = "The Idempotency-Key was used for another request.")
    public Response create(
            @Parameter(description = "Makes a retried request answer the first result.")
                    @HeaderParam(IdempotencyKeys.HEADER)
                    String idempotencyKey,
            @Valid @NotNull(message = "The request needs a JSON body.") MeetingRequest request) {
        Created<MeetingView> created =
                meetings.create(request, IdempotencyKeys.check(idempotencyKey), "create");
        return IdempotencyKeys.mark(Response.ok(created.value()), created).build();
    }

    @POST
    @Operation(
            summary = "Create a meeting, REST style (scope meetings:write)",
            description = "Same body as /api/meetings/create; answers 201 with a Location header.")
    @APIResponse(responseCode = "201", description = "The meeting was created.")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid.")
    @APIResponse(
            responseCode = "409",
            description = "The Idempotency-Key was used for another request.")
    public Response add(
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            @Valid @NotNull(message = "The request needs a JSON body.") MeetingRequest request) {
        Created<MeetingView> created =
                meetings.create(request, IdempotencyKeys.check(idempotencyKey), "add");
        return IdempotencyKeys.created(
                        uri, MeetingResource.class, created.value().meetingId(), created)
                .build();
    }

    @GET
    @Operation(
            summary = "List meetings (scope meetings:read)",
            description = "Newest first, a page at a time. from and to bound the creation time.")
    @APIResponse(responseCode = "200", description = "A page of meetings.")
    public Response list(
            @Parameter(description = "created, live, ended or cancelled") @QueryParam("status")
                    String status,
            @Parameter(description = "Only meetings this person hosts.") @QueryParam("host")
                    String host,
            @Parameter(description = "RFC 3339; created at or after.") @QueryParam("from")
                    String from,
            @Parameter(description = "RFC 3339; created before.") @QueryParam("to") String to,
            @Parameter(description = "Page size, 1 to 200; 50 by default.") @QueryParam("limit")
                    String limit,
            @Parameter(description = "next_cursor of the previous page.") @QueryParam("cursor")
                    String cursor) {
        Page<MeetingView> page =
                meetings.list(
                        new MeetingQuery(
                                status,
                                host,
                                Timestamps.parse("from", from),
                                Timestamps.parse("to", to),
                                Paging.limit(limit),
                                cursor));
        return Paging.ok(page, uri);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a meeting (scope meetings:read)")
    @APIResponse(responseCode = "200", description = "The meeting.")
    @APIResponse(
            responseCode = "304",
            description = "The client's copy (If-None-Match) is current.")
    @APIResponse(responseCode = "404", description = "No such meeting in this account.")
    public MeetingView get(@PathParam("id") String id) {
        return meetings.get(id);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(
            summary = "Change a meeting (scope meetings:write)",
            description =
                    "Fields left out keep their value; participants, when given, replaces the"
                            + " list. An ended or cancelled meeting cannot change (409).")
    @APIResponse(responseCode = "200", description = "The changed meeting.")
    @APIResponse(responseCode = "409", description = "The meeting has ended or was cancelled.")
    public MeetingView update(
            @PathParam("id") String id,
            @Valid @NotNull(message = "The request needs a JSON body.") MeetingChanges changes) {
        return meetings.update(id, changes);
    }

    @DELETE
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Cancel a meeting (scope meetings:write)",
            description = "Only a meeting that has not started can be cancelled.")
    @APIResponse(responseCode = "200", description = "The cancelled meeting.")
    @APIResponse(responseCode = "409", description = "The meeting is live, ended or cancelled.")
    public MeetingView cancel(@PathParam("id") String id) {
        return meetings.cancel(id);
    }

    @POST
    @Path("{id}/start")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Start a meeting (scope meetings:write)")
    @APIResponse(responseCode = "200", description = "The meeting is live.")
    @APIResponse(responseCode = "409", description = "The meeting is not in the created state.")
    public MeetingView start(@PathParam("id") String id) {
        return meetings.start(id);
    }

    @POST
    @Path("{id}/end")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "End a live meeting (scope meetings:write)")
    @APIResponse(responseCode = "200", description = "The meeting has ended.")
    @APIResponse(responseCode = "409", description = "The meeting is not live.")
    public MeetingView end(@PathParam("id") String id) {
        return meetings.end(id);
    }

    @POST
    @Path("{id}/join")
    @Operation(
            summary = "Let a participant in (scope meetings:write)",
            description =
                    "Answers what the participant's client needs to connect: a media token, the"
                            + " media node and room (the meeting is placed on a node now if it"
                            + " has none), ICE servers with time-limited TURN credentials, and"
                            + " whether end-to-end encryption is required. participant_id must"
                            + " be the host or an invited participant. The token works until"
                            + " expires_at, until the participant is removed, or until the"
                            + " meeting ends, and keeps working when the meeting moves to"
                            + " another node.")
    @APIResponse(responseCode = "200", description = "Where and how to connect.")
    @APIResponse(responseCode = "400", description = "participant_id is not in the meeting.")
    @APIResponse(responseCode = "409", description = "The meeting has ended or was cancelled.")
    @APIResponse(
            responseCode = "503",
            description = "No media node can take the meeting now; retry after Retry-After.")
    public JoinView join(
            @PathParam("id") String id,
            @Valid @NotNull(message = "The request needs a JSON body.") JoinRequest request) {
        return joins.join(id, request);
    }

    @GET
    @Path("{id}/participants")
    @Operation(summary = "List a meeting's invited participants (scope meetings:read)")
    @APIResponse(responseCode = "200", description = "A page of participants, in invitation order.")
    public Response participants(
            @PathParam("id") String id,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        List<ParticipantView> all = meetings.participants(id);
        int size = Paging.limit(limit);
        int offset = offset(cursor);
        List<ParticipantView> data =
                all.subList(Math.min(offset, all.size()), Math.min(offset + size, all.size()));
        String next = offset + size < all.size() ? encodeOffset(offset + size) : null;
        return Paging.ok(new Page<>(data, next), uri);
    }

    @GET
    @Path("{id}/placements")
    @Operation(
            summary = "Where a meeting ran: its placement history (scope meetings:read)",
            description =
                    "Every media node the meeting was placed on, newest first: placed_at and"
                            + " released_at (null while it is there), reason (placed, or"
                            + " node_down, node_drained or node_removed when it was moved there)"
                            + " and release_reason (why it left: moved, or meeting_over).")
    @APIResponse(responseCode = "200", description = "A page of placements, newest first.")
    @APIResponse(responseCode = "404", description = "No such meeting in this account.")
    public Response placements(
            @PathParam("id") String id,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        Page<PlacementRecord> page = meetings.placementHistory(id, Paging.limit(limit), cursor);
        return Paging.ok(page, uri);
    }

    @POST
    @Path("{id}/participants")
    @Operation(
            summary = "Invite a participant (scope meetings:write)",
            description = "Inviting someone already invited changes nothing and answers 200.")
    @APIResponse(responseCode = "201", description = "The participant was invited.")
    public Response addParticipant(
            @PathParam("id") String id,
            @Valid @NotNull(message = "The request needs a JSON body.")
                    ParticipantRequest request) {
        boolean known =
                meetings.participants(id).stream()
                        .anyMatch(p -> p.participantId().equals(request.participantId()));
        ParticipantView participant = meetings.addParticipant(id, request);
        if (known) {
            return Response.ok(participant).build();
        }
        return Response.created(
                        uri.getAbsolutePathBuilder().path(participant.participantId()).build())
                .entity(participant)
                .build();
    }

    @DELETE
    @Path("{id}/participants/{pid}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Withdraw a participant's invitation (scope meetings:write)")
    @APIResponse(responseCode = "204", description = "The invitation was withdrawn.")
    @APIResponse(responseCode = "404", description = "No such meeting, or no such participant.")
    public Response removeParticipant(@PathParam("id") String id, @PathParam("pid") String pid) {
        meetings.removeParticipant(id, pid);
        return Response.noContent().build();
    }

    private static int offset(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String plain =
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (plain.startsWith("p:")) {
                int offset = Integer.parseInt(plain.substring(2));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidRequestException(
                "cursor", "cursor is not valid; pass the next_cursor of a previous page.");
    }

    private static String encodeOffset(int offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("p:" + offset).getBytes(StandardCharsets.US_ASCII));
    }
}

package io.chroom.interfaces.rest;

import io.chroom.application.analytics.IngestRefusedException;
import io.chroom.application.analytics.MediaIngest;
import io.chroom.interfaces.security.IngestLimits;
import io.chroom.interfaces.security.RateLimiter;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /ingest/janus} and {@code POST /ingest/janus/{node_id}}: the events a media node's
 * Janus sample event handler posts, one JSON event or an array of them, with HTTP basic
 * authentication whose password is the node's ingest credential. Answers 204 once the batch is
 * stored, so that the handler retries only what was not; 401 without a node's credential, 403 for
 * another node's address, 400 for a body that is not events, 429 with {@code Retry-After} beyond
 * the node's rate limit (see {@link IngestLimits}). Answers carry the {@code X-RateLimit-*} headers
 * of the API.
 *
 * <p>Only {@link IngestApi} serves it: the product API under {@code /api} picks up every resource
 * of the module by scanning, so there this resource answers 404, as for any path it does not have.
 */
@Path("janus")
public class IngestResource {

    /** A grouped batch of a few thousand events stays well below this. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    @EJB private MediaIngest ingest;

    @Inject private IngestLimits limits;

    @Context private UriInfo uri;

    @Context private HttpServletRequest request;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response post(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body)
            throws IOException {
        return accept(authorization, null, body);
    }

    @POST
    @Path("{node_id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response postFor(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("node_id") String nodeId,
            InputStream body)
            throws IOException {
        return accept(authorization, nodeId, body);
    }

    private Response accept(String authorization, String claimedNodeId, InputStream body)
            throws IOException {
        if (!uri.getBaseUri().getPath().endsWith("/ingest/")) {
            throw new NotFoundException();
        }
        String instance = uri.getRequestUri().getPath();
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException(MAX_BODY_BYTES);
        }

        String nodeId;
        try {
            nodeId = ingest.authenticate(password(authorization), claimedNodeId);
        } catch (IngestRefusedException e) {
            // Refusals count against the client address, so guessing credentials costs too.
            RateLimiter.Decision decision = limits.address(request);
            if (!decision.allowed()) {
                return tooMany(decision, "This client address", instance);
            }
            Response refused =
                    e.authenticated()
                            ? Problems.response(403, "Forbidden", e.getMessage(), instance)
                            : Response.fromResponse(
                                            Problems.response(
                                                    401,
                                                    "Not authenticated",
                                                    e.getMessage(),
                                                    instance))
                                    .header(
                                            HttpHeaders.WWW_AUTHENTICATE,
                                            "Basic realm=\"chroom-ingest\"")
                                    .build();
            return withLimit(refused, decision);
        }

        RateLimiter.Decision decision = limits.node(nodeId);
        if (!decision.allowed()) {
            ingest.throttled(nodeId, decision.limit());
            return tooMany(decision, "This node", instance);
        }
        ingest.store(nodeId, bytes);
        return withLimit(Response.noContent().build(), decision);
    }

    private static Response tooMany(RateLimiter.Decision decision, String who, String instance) {
        Response problem =
                Problems.response(
                        429,
                        "Too many requests",
                        who
                                + " has posted its "
                                + decision.limit()
                                + " batches of this minute; retry in "
                                + decision.resetSeconds()
                                + " s.",
                        instance);
        return Response.fromResponse(withLimit(problem, decision))
                .header("Retry-After", Long.toString(decision.resetSeconds()))
                .build();
    }

    private static Response withLimit(Response response, RateLimiter.Decision decision) {
        return Response.fromResponse(response)
                .header("X-RateLimit-Limit", Integer.toString(decision.limit()))
                .header("X-RateLimit-Remaining", Integer.toString(decision.remaining()))
                .header("X-RateLimit-Reset", Long.toString(decision.resetSeconds()))
                .build();
    }

    /** The password of a basic {@code Authorization} header, or {@code null}. */
    private static String password(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded =
                    new String(
                            Base64.getDecoder().decode(authorization.substring(6).trim()),
                            StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

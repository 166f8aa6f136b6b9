package io.chroom.interfaces.rest;

import io.chroom.application.analytics.IngestRefusedException;
import io.chroom.application.analytics.MediaIngest;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
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

/**
 * {@code POST /ingest/janus} and {@code POST /ingest/janus/{node_id}}: the events a media node's
 * Janus sample event handler posts, one JSON event or an array of them, with HTTP basic
 * authentication whose password is the node's ingest credential. Answers 204 once the batch is
 * stored, so that the handler retries only what was not; 401 without a node's credential, 403 for
 * another node's address, 400 for a body that is not events.
 */
@Path("janus")
public class IngestResource {

    /** A grouped batch of a few thousand events stays well below this. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    @EJB private MediaIngest ingest;

    @Context private UriInfo uri;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response post(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body)
            throws IOException {
        return accept(authorization, null, body);
    }

    @POST
    @Path("{node_id}")
    @Consumes(MediaType.WILDCARD)
    public Response postFor(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("node_id") String nodeId,
            InputStream body)
            throws IOException {
        return accept(authorization, nodeId, body);
    }

    private Response accept(String authorization, String nodeId, InputStream body)
            throws IOException {
        String instance = uri.getRequestUri().getPath();
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException(MAX_BODY_BYTES);
        }
        try {
            ingest.accept(password(authorization), nodeId, bytes);
            return Response.noContent().build();
        } catch (IngestRefusedException e) {
            if (!e.authenticated()) {
                return Response.fromResponse(
                                Problems.response(
                                        401, "Not authenticated", e.getMessage(), instance))
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"chroom-ingest\"")
                        .build();
            }
            return Problems.response(403, "Forbidden", e.getMessage(), instance);
        }
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

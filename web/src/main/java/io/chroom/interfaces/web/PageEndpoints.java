package io.chroom.interfaces.web;

import io.chroom.application.InvalidRequestException;
import io.chroom.application.media.JoinService;
import io.chroom.application.meeting.MeetingService;
import io.chroom.interfaces.rest.JsonMapping;
import io.chroom.interfaces.rest.Problem;
import io.chroom.interfaces.rest.ProblemMapper;
import io.chroom.interfaces.rest.Problems;
import jakarta.json.bind.Jsonb;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON endpoints the meeting pages call. They live beside the pages, outside {@code /api}, and
 * take no API key: the host's endpoints need the host token of the start link ({@code ?token=}), a
 * rejoin needs the participant's media token, and joining as a guest needs only the join link.
 *
 * <ul>
 *   <li>{@code POST /join/{id}/session} {@code {"name": "..."}}: join as a guest; answers the join
 *       (the {@code JoinView}: participant id, media token, node, room, ICE servers, e2ee)
 *   <li>{@code POST /join/{id}/session/refresh} {@code {"token": "..."}}: where the meeting is now,
 *       for a participant already admitted (after its node failed, say)
 *   <li>{@code POST /start/{id}/session?token=}: join as the host, starting the meeting
 *   <li>{@code POST /start/{id}/participants/{pid}/mute?token=} {@code {"kind": "audio", "mute":
 *       true}}: mute or unmute a participant's audio or video; 204
 *   <li>{@code DELETE /start/{id}/participants/{pid}?token=}: remove a participant; 204
 *   <li>{@code POST /start/{id}/end?token=}: end the meeting; answers the meeting
 * </ul>
 *
 * Bodies and answers are JSON in the API's snake_case; failures are the API's problem documents.
 */
final class PageEndpoints {

    /** A page sends a name or a token, nothing big. */
    private static final int MAX_BODY_BYTES = 16 * 1024;

    private static final Jsonb JSON = new JsonMapping().getContext(Object.class);

    /** The body of {@code POST /join/{id}/session}. */
    public record GuestJoin(String name) {}

    /** The body of {@code POST /join/{id}/session/refresh}. */
    public record Rejoin(String token) {}

    /** The body of {@code POST /start/{id}/participants/{pid}/mute}. */
    public record Mute(String kind, Boolean mute) {}

    private final JoinService joins;

    private final MeetingService meetings;

    PageEndpoints(JoinService joins, MeetingService meetings) {
        this.joins = joins;
        this.meetings = meetings;
    }

    /**
     * Serves one request; {@code path} is the part after {@code /start/} or {@code /join/}, split
     * at slashes, starting with the meeting id.
     */
    void serve(
            HttpServletRequest request,
            HttpServletResponse response,
            boolean host,
            List<String> path)
            throws IOException {
        try {
            route(request, response, host, path);
        } catch (WrongMethod e) {
            // The 405 is written already.
        } catch (UnsupportedBody e) {
            Problems.write(
                    request,
                    response,
                    415,
                    "Unsupported media type",
                    "Send the request body as application/json.");
        } catch (RuntimeException e) {
            writeProblem(request, response, new ProblemMapper().toResponse(e));
        }
    }

    private void route(
            HttpServletRequest request,
            HttpServletResponse response,
            boolean host,
            List<String> path)
            throws IOException {
        String id = path.get(0);
        List<String> rest = path.subList(1, path.size());

        if (!host) {
            if (rest.equals(List.of("session"))) {
                requireMethod(request, response, "POST");
                GuestJoin body = body(request, GuestJoin.class);
                writeJson(response, 200, joins.joinAsGuest(id, body.name()));
                return;
            }
            if (rest.equals(List.of("session", "refresh"))) {
                requireMethod(request, response, "POST");
                Rejoin body = body(request, Rejoin.class);
                if (body.token() == null || body.token().isBlank()) {
                    throw new InvalidRequestException("token", "token is required.");
                }
                writeJson(response, 200, joins.rejoin(id, body.token()));
                return;
            }
            notFound(request, response);
            return;
        }

        String hostToken = request.getParameter("token");
        if (!meetings.isHostToken(id, hostToken)) {
            Problems.write(
                    request,
                    response,
                    403,
                    "Forbidden",
                    "This start link is not valid or has expired; ask for a fresh one.");
            return;
        }
        if (rest.equals(List.of("session"))) {
            requireMethod(request, response, "POST");
            writeJson(response, 200, joins.joinAsHost(id, hostToken));
        } else if (rest.equals(List.of("end"))) {
            requireMethod(request, response, "POST");
            writeJson(response, 200, joins.hostEnd(id, hostToken));
        } else if (rest.size() == 3
                && rest.get(0).equals("participants")
                && rest.get(2).equals("mute")) {
            requireMethod(request, response, "POST");
            Mute body = body(request, Mute.class);
            if (!"audio".equals(body.kind()) && !"video".equals(body.kind())) {
                throw new InvalidRequestException("kind", "kind must be audio or video.");
            }
            if (body.mute() == null) {
                throw new InvalidRequestException("mute", "mute is required (true or false).");
            }
            joins.hostMute(id, hostToken, rest.get(1), body.kind(), body.mute());
            response.setStatus(204);
        } else if (rest.size() == 2 && rest.get(0).equals("participants")) {
            requireMethod(request, response, "DELETE");
            joins.hostRemove(id, hostToken, rest.get(1));
            response.setStatus(204);
        } else {
            notFound(request, response);
        }
    }

    /** Thrown when the path exists but not for this method; answered as 405 with Allow. */
    private static final class WrongMethod extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static void requireMethod(
            HttpServletRequest request, HttpServletResponse response, String allowed)
            throws IOException {
        if (!request.getMethod().equals(allowed)) {
            response.setHeader("Allow", allowed);
            Problems.write(
                    request,
                    response,
                    405,
                    "Method not allowed",
                    "This path does not accept " + request.getMethod() + ".");
            throw new WrongMethod();
        }
    }

    private static void notFound(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Problems.write(request, response, 404, "Not found", "There is nothing at this path.");
    }

    private static <T> T body(HttpServletRequest request, Class<T> type) throws IOException {
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new UnsupportedBody();
        }
        try (InputStream in = request.getInputStream()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes.write(buffer, 0, n);
                if (bytes.size() > MAX_BODY_BYTES) {
                    throw new InvalidRequestException("body", "The request body is too large.");
                }
            }
            String text = bytes.toString(StandardCharsets.UTF_8);
            T parsed = text.isBlank() ? null : JSON.fromJson(text, type);
            if (parsed == null) {
                throw new InvalidRequestException(
                        "body", "The request body must be a JSON object.");
            }
            return parsed;
        }
    }

    /** A body that is not JSON; answered as 415 like the API does. */
    private static final class UnsupportedBody extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static void writeJson(HttpServletResponse response, int status, Object value)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(JSON.toJson(value));
    }

    private static void writeProblem(
            HttpServletRequest request, HttpServletResponse response, Response mapped)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Problem problem = (Problem) mapped.getEntity();
        Problem withInstance =
                new Problem(
                        problem.type(),
                        problem.title(),
                        problem.status(),
                        problem.detail(),
                        request.getRequestURI(),
                        problem.errors(),
                        problem.errorId());
        response.resetBuffer();
        mapped.getStringHeaders()
                .forEach((name, values) -> response.setHeader(name, String.join(", ", values)));
        response.setStatus(problem.status());
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(JSON.toJson(withInstance));
    }
}

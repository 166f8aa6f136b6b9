package io.chroom.interfaces.rest;

import io.chroom.application.InvalidRequestException.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;

/** Builds problem documents, for JAX-RS responses and for raw servlet responses alike. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

    private Problems() {}

    /** The {@code type} URI of a problem kind, such as {@code /problems/not-found}. */
    public static String type(int status) {
        return "/problems/"
                + switch (status) {
                    case 400 -> "invalid-request";
                    case 401 -> "unauthorized";
                    case 403 -> "forbidden";
                    case 404 -> "not-found";
                    case 405 -> "method-not-allowed";
                    case 406 -> "not-acceptable";
                    case 409 -> "conflict";
                    case 413 -> "payload-too-large";
                    case 415 -> "unsupported-media-type";
                    case 429 -> "rate-limited";
                    case 503 -> "unavailable";
                    default -> status >= 500 ? "internal-error" : "http-" + status;
                };
    }

    public static Problem of(int status, String title, String detail, String instance) {
        return new Problem(type(status), title, status, detail, instance, null, null);
    }

    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(PROBLEM_JSON).entity(problem).build();
    }

    public static Response response(int status, String title, String detail, String instance) {
        return response(of(status, title, detail, instance));
    }

    public static Response invalid(String instance, List<FieldError> errors) {
        String detail =
                errors.size() == 1
                        ? errors.get(0).message()
                        : "The request has " + errors.size() + " invalid fields.";
        return response(
                new Problem(type(400), "Invalid request", 400, detail, instance, errors, null));
    }

    /**
     * Writes a problem straight to a servlet response, for errors outside JAX-RS. The instance is
     * the path the client asked for, also when the container forwarded the request to an error
     * page.
     */
    public static void write(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            String title,
            String detail)
            throws IOException {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String instance = original instanceof String path ? path : request.getRequestURI();
        JsonObjectBuilder body =
                Json.createObjectBuilder()
                        .add("type", type(status))
                        .add("title", title)
                        .add("status", status)
                        .add("detail", detail)
                        .add("instance", instance);
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body.build().toString());
    }
}

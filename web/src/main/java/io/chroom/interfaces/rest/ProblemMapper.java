package io.chroom.interfaces.rest;

import io.chroom.application.ChainUnavailableException;
import io.chroom.application.IdempotencyConflictException;
import io.chroom.application.InvalidRequestException;
import io.chroom.application.InvalidRequestException.FieldError;
import io.chroom.application.MediaUnavailableException;
import io.chroom.application.ObjectNotFoundException;
import io.chroom.application.ScopeNotHeldException;
import io.chroom.application.StakeRequiredException;
import io.chroom.application.StateConflictException;
import io.chroom.application.TooManyAttemptsException;
import io.chroom.application.audit.AuditTrail;
import io.chroom.domain.model.meeting.IllegalTransitionException;
import io.chroom.domain.model.meeting.ParticipantLimitException;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns every exception a request can end in into a problem document. Known failures get their
 * status and a sentence for the integrator; anything else is a 500 whose body carries only an error
 * id, under which the cause is logged.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    private static final Pattern JSON_PROPERTY = Pattern.compile("property '?([A-Za-z0-9_]+)'?");

    /** How Yasson says a request named a property the target type does not have. */
    private static final Pattern UNKNOWN_PROPERTY = Pattern.compile("can ?not be mapped");

    @Context private UriInfo uri;

    @Context private Request request;

    @EJB private AuditTrail audit;

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable e = unwrap(thrown);
        String instance = uri == null ? null : uri.getRequestUri().getRawPath();

        // A streamed body that grows past the limit fails inside the JSON parser, which wraps the
        // cause in its own exception; the size is still what went wrong.
        PayloadTooLargeException tooLarge = cause(thrown, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return Problems.response(413, "Payload too large", tooLarge.getMessage(), instance);
        }

        if (e instanceof InvalidRequestException invalid) {
            return Problems.invalid(instance, invalid.errors());
        }
        if (e instanceof ObjectNotFoundException) {
            return Problems.response(404, "Not found", e.getMessage(), instance);
        }
        if (e instanceof StakeRequiredException stake) {
            // Names the field as a 400 would, so that a form can show the refusal beside it.
            return Problems.response(
                    new Problem(
                            Problems.type(409),
                            "Conflict",
                            409,
                            e.getMessage(),
                            instance,
                            List.of(new FieldError(stake.field(), e.getMessage())),
                            null));
        }
        if (e instanceof IllegalTransitionException
                || e instanceof IdempotencyConflictException
                || e instanceof StateConflictException) {
            return Problems.response(409, "Conflict", e.getMessage(), instance);
        }
        if (e instanceof OptimisticLockException) {
            return Problems.response(
                    409,
                    "Conflict",
                    "The object was changed by another request at the same time; read it again"
                            + " and retry.",
                    instance);
        }
        if (e instanceof ParticipantLimitException) {
            return Problems.invalid(
                    instance, List.of(new FieldError("participants", e.getMessage())));
        }
        if (e instanceof ScopeNotHeldException) {
            auditRefusal(instance);
            return Problems.response(403, "Forbidden", e.getMessage(), instance);
        }
        if (e instanceof EJBAccessException || e instanceof ForbiddenException) {
            auditRefusal(instance);
            return Problems.response(
                    403,
                    "Forbidden",
                    "This credential lacks the scope this operation needs.",
                    instance);
        }
        if (e instanceof JsonbException || e instanceof JsonParsingException) {
            return Problems.invalid(instance, List.of(jsonError(thrown)));
        }
        if (e instanceof NotFoundException) {
            return Problems.response(404, "Not found", "There is nothing at this path.", instance);
        }
        if (e instanceof NotAllowedException notAllowed) {
            Response problem =
                    Problems.response(
                            405,
                            "Method not allowed",
                            "This path does not accept " + method() + ".",
                            instance);
            return Response.fromResponse(problem)
                    .allow(notAllowed.getResponse().getAllowedMethods())
                    .build();
        }
        if (e instanceof NotSupportedException) {
            return Problems.response(
                    415,
                    "Unsupported media type",
                    "Send the request body as application/json.",
                    instance);
        }
        if (e instanceof NotAcceptableException) {
            return Problems.response(
                    406,
                    "Not acceptable",
                    "This resource answers application/json only.",
                    instance);
        }
        if (e instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            return Problems.response(
                    status,
                    Response.Status.fromStatusCode(status) == null
                            ? "Client error"
                            : Response.Status.fromStatusCode(status).getReasonPhrase(),
                    status == 400
                            ? "The request could not be read; check that the body is valid JSON."
                            : "The request was refused.",
                    instance);
        }
        if (e instanceof TooManyAttemptsException tooMany) {
            return Response.fromResponse(
                            Problems.response(429, "Too many requests", e.getMessage(), instance))
                    .header("Retry-After", Long.toString(tooMany.retryAfterSeconds()))
                    .build();
        }
        if (e instanceof ChainUnavailableException chain) {
            return Response.fromResponse(
                            Problems.response(503, "Service unavailable", e.getMessage(), instance))
                    .header("Retry-After", Integer.toString(chain.retryAfterSeconds()))
                    .build();
        }
        if (e instanceof MediaUnavailableException media) {
            return Response.fromResponse(
                            Problems.response(503, "Service unavailable", e.getMessage(), instance))
                    .header("Retry-After", Integer.toString(media.retryAfterSeconds()))
                    .build();
        }
        if (e instanceof SQLException || causedBy(e, SQLException.class)) {
            String id = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "Request " + id + " failed: the database did not answer", e);
            return Response.fromResponse(
                            Problems.response(
                                    new Problem(
                                            Problems.type(503),
                                            "Service unavailable",
                                            503,
                                            "The database is unavailable; nothing was changed."
                                                    + " Retry shortly.",
                                            instance,
                                            null,
                                            id)))
                    .header("Retry-After", "5")
                    .build();
        }

        String id = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Request " + id + " to " + instance + " failed", thrown);
        return Problems.response(
                new Problem(
                        Problems.type(500),
                        "Internal server error",
                        500,
                        "The server failed to answer this request; quote error_id "
                                + id
                                + " when reporting it.",
                        instance,
                        null,
                        id));
    }

    /** Scope refusals go to the audit trail; a failure to record one does not change the answer. */
    private void auditRefusal(String path) {
        try {
            audit.scopeRefused(method(), path);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A scope refusal on " + path + " was not audited", e);
        }
    }

    private String method() {
        return request == null ? "this method" : request.getMethod();
    }

    /** Strips the container's wrappers to reach the exception that says what went wrong. */
    private static Throwable unwrap(Throwable thrown) {
        Throwable e = thrown;
        for (int depth = 0; depth < 10 && e.getCause() != null; depth++) {
            if (e instanceof EJBException
                    || e instanceof jakarta.ws.rs.ProcessingException
                    || (e instanceof WebApplicationException
                            && (e.getCause() instanceof JsonbException
                                    || e.getCause() instanceof JsonParsingException
                                    || e.getCause() instanceof jakarta.ws.rs.ProcessingException))
                    || e instanceof jakarta.transaction.RollbackException
                    || e instanceof jakarta.persistence.PersistenceException
                            && !(e instanceof OptimisticLockException)
                    || e.getClass().getName().startsWith("org.jboss.resteasy")) {
                e = e.getCause();
            } else if (e instanceof JsonbException && e.getCause() instanceof JsonbException) {
                e = e.getCause();
            } else {
                break;
            }
        }
        return e;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        return cause(e, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * A JSON-B failure names the property it choked on in an outer exception and the reason in an
     * inner one, so the whole chain is read; the field is reported in snake_case, or as {@code
     * body} when the body as a whole is wrong. Yasson's own sentences name Java classes and are
     * never passed on.
     */
    private static FieldError jsonError(Throwable thrown) {
        if (causedBy(thrown, JsonParsingException.class)) {
            return new FieldError("body", "The request body is not well-formed JSON.");
        }
        String field = null;
        for (Throwable t = thrown; t != null && field == null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher m = JSON_PROPERTY.matcher(t.getMessage());
                if (m.find()) {
                    field = JsonNames.snake(m.group(1));
                }
            }
        }
        if (field == null) {
            return new FieldError(
                    "body", "The request body must be a JSON object with this request's fields.");
        }
        StrictTypes.WrongType wrongType = cause(thrown, StrictTypes.WrongType.class);
        if (wrongType != null) {
            return new FieldError(
                    field, field + " has the wrong type: expected " + wrongType.getMessage() + ".");
        }
        if (causedByMessage(thrown, UNKNOWN_PROPERTY)) {
            return new FieldError(field, field + " is not a field of this request.");
        }
        return new FieldError(
                field,
                field
                        + " has the wrong type or format (lists are arrays, timestamps are"
                        + " RFC 3339 strings).");
    }

    private static boolean causedByMessage(Throwable thrown, Pattern pattern) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t.getMessage() != null && pattern.matcher(t.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }
}

package io.chroom.interfaces.rest;

import io.chroom.application.InvalidRequestException.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;

/** Reports Bean Validation failures as a 400 problem listing each field and its rule. */
@Provider
public class ValidationProblemMapper implements ExceptionMapper<ConstraintViolationException> {

    @Context private UriInfo uri;

    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<FieldError> errors =
                e.getConstraintViolations().stream()
                        .map(v -> new FieldError(field(v), v.getMessage()))
                        .sorted(Comparator.comparing(FieldError::field))
                        .toList();
        return Problems.invalid(uri.getRequestUri().getRawPath(), errors);
    }

    /** The request field a violation is about, such as {@code participants[2]}. */
    private static String field(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD
                    || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.CROSS_PARAMETER
                    || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.getIndex() != null) {
                    field.append('[').append(node.getIndex()).append(']');
                }
                continue;
            }
            if (node.getName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(JsonNames.snake(node.getName()));
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}

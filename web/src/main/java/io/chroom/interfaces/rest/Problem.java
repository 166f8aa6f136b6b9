package io.chroom.interfaces.rest;

import io.chroom.application.InvalidRequestException.FieldError;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}).
 *
 * @param type a URI naming the kind of problem; relative to the API's host
 * @param title a short summary of the kind of problem
 * @param status the HTTP status code
 * @param detail what went wrong with this request, in a sentence or two
 * @param instance the path of the request that failed
 * @param errors for 400, each field that was wrong and why; for a 409 about one field (an operator
 *     wallet without stake), that field
 * @param errorId for 500, the id under which the server logged the failure
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "errors", "errorId"})
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<FieldError> errors,
        String errorId) {}

package io.chroom.application;

import java.util.List;

/** A request broke a rule that only the service can check, such as duplicates in a list. */
public class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One broken rule: the request field and a sentence that says what is wrong with it. */
    public record FieldError(String field, String message) implements java.io.Serializable {}

    private final List<FieldError> errors;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.errors = List.of(new FieldError(field, message));
    }

    public List<FieldError> errors() {
        return errors;
    }
}

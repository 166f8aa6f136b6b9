package io.chroom.interfaces.rest;

/** A request body is larger than the API accepts. */
public class PayloadTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(long limit) {
        super("The request body is larger than the " + limit + " bytes this API accepts.");
    }
}

package io.chroom.application;

/**
 * The object does not exist for the caller: either nobody has it or another account does, and the
 * two cases are told apart to nobody.
 */
public class ObjectNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ObjectNotFoundException(String kind, String id) {
        super("No " + kind + " with id '" + id + "' exists.");
    }
}

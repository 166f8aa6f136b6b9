package io.chroom.application;

/**
 * An operator wallet does not hold the stake the network requires of a node's operator (409): the
 * request is well formed, but the chain's state does not allow it yet; staking makes it succeed.
 */
public class StakeRequiredException extends StateConflictException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public StakeRequiredException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field that names the wallet. */
    public String field() {
        return field;
    }
}

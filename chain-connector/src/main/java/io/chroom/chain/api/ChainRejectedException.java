package io.chroom.chain.api;

/**
 * The chain answered and refused: a call that would revert, or a transaction the node will not
 * take. Unlike a {@link ChainException} on its own, trying the same again later does not help.
 */
public class ChainRejectedException extends ChainException {

    private static final long serialVersionUID = 1L;

    public ChainRejectedException(String message) {
        super(message, null);
    }
}

package io.chroom.chain.api;

/**
 * The states of a governor proposal, in the order of OpenZeppelin's {@code IGovernor.ProposalState}
 * (the number the governor answers is the ordinal).
 */
public enum ProposalState {
    PENDING,
    ACTIVE,
    CANCELED,
    DEFEATED,
    SUCCEEDED,
    QUEUED,
    EXPIRED,
    EXECUTED;

    /** Whether nothing can happen to the proposal any more. */
    public boolean isFinal() {
        return this == CANCELED || this == DEFEATED || this == EXPIRED || this == EXECUTED;
    }
}

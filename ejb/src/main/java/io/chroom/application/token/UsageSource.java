package io.chroom.application.token;

import java.time.Instant;
import java.util.List;

/**
 * Where the token economy learns how much each meeting used each node: the analytics work measures
 * participant-minutes and quality and provides this as a bean. Reward settlement (each operator's
 * share of the epoch's reward, weighted by minutes at or above the minimum quality), the usage
 * ledger's root and proofs, and metered charges at the on-chain price all read it; none of them is
 * built before it exists.
 */
public interface UsageSource {

    /** Every meeting's use of every node between {@code from} (inclusive) and {@code to}. */
    List<UsageRecord> usage(long epoch, Instant from, Instant to);
}

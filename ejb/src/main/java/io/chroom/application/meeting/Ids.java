package io.chroom.application.meeting;

/** Shapes of the values meeting requests carry, with the sentences that explain them. */
final class Ids {

    /** An integrator's id for a person: printable, no spaces, at most 200 characters. */
    static final String PARTICIPANT = "[\\p{L}\\p{N}._:@+\\-]{1,200}";

    static final String PARTICIPANT_RULE =
            "must be 1 to 200 letters, digits or the characters . _ : @ + -";

    static final String NODE_POLICY = "lowest_latency|least_loaded|lowest_price";

    static final String NODE_POLICY_RULE =
            "must be one of lowest_latency, least_loaded or lowest_price.";

    private Ids() {}
}

package io.chroom.chain.api;

/**
 * What estimating one call answered: the gas it needs, or why the chain would refuse it.
 *
 * @param gas gas the call needs; meaningful when {@code refusal} is null
 * @param refusal the chain's reason when the call would revert, else null
 */
public record GasEstimate(long gas, String refusal) {

    public boolean refused() {
        return refusal != null;
    }
}

package io.chroom.application.governance;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A proposal of parameter changes ({@code POST /api/governance/proposals}), which the platform's
 * signer proposes to the governor; token holders then vote on it.
 *
 * @param description what the proposal is for, as voters read it; with the changes it makes the
 *     proposal's id, so the same changes can be proposed again only with another description
 * @param changes the parameters to set, each at most once
 */
public record ProposalRequest(
        @NotNull(message = "description is required.")
                @Size(
                        min = 1,
                        max = 2000,
                        message = "description must be 1 to 2000 characters long.")
                String description,
        @NotNull(message = "changes is required: the parameters to set.")
                @Size(min = 1, max = 5, message = "changes must hold 1 to 5 parameter changes.")
                List<@NotNull(message = "changes must not contain null.") @Valid Change> changes) {

    /**
     * One parameter set to one value.
     *
     * @param parameter price_per_participant_minute, reward_per_epoch, min_quality_score,
     *     epoch_seconds or minimum_stake
     * @param value tokens as a decimal string for the prices, reward and stake; a whole number for
     *     the quality score (basis points) and the epoch length (seconds)
     */
    public record Change(
            @NotNull(message = "parameter is required.")
                    @Size(max = 64, message = "parameter must be at most 64 characters long.")
                    String parameter,
            @NotNull(message = "value is required.")
                    @Size(max = 64, message = "value must be at most 64 characters long.")
                    String value) {}
}

package io.chroom.application.governance;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A governor proposal as the API shows it. Every field is present, null while unknown.
 *
 * @param id the governor's proposal id, a decimal string
 * @param proposer who proposed it (the platform's signer for proposals made through the API)
 * @param description what it is for
 * @param state the governor's: pending (the vote has not opened), active, canceled, defeated,
 *     succeeded, queued, expired or executed; before the governor has the proposal, the relay's:
 *     pending, submitted or failed
 * @param votesFor tokens voting for, a decimal string
 * @param votesAgainst tokens voting against
 * @param votesAbstain tokens abstaining
 * @param voteStart the block whose balances count; voting opens after it
 * @param voteEnd the last block of the vote
 * @param changes what it sets when executed
 * @param createdAt when Chroom first saw it: the request, or the chain event
 * @param relayState for proposals made through the API, the relay's state: pending, submitted,
 *     confirmed or failed
 * @param txHash the relay's transaction, once signed
 * @param etaSeconds when queued, the unix time from which the timelock executes it
 * @param refreshedAt when the state and tallies were last read from the governor
 */
@JsonbNillable
@JsonbPropertyOrder({
    "id",
    "proposer",
    "description",
    "state",
    "votesFor",
    "votesAgainst",
    "votesAbstain",
    "voteStart",
    "voteEnd",
    "changes",
    "createdAt",
    "relayState",
    "txHash",
    "etaSeconds",
    "refreshedAt"
})
public record ProposalView(
        String id,
        String proposer,
        String description,
        String state,
        String votesFor,
        String votesAgainst,
        String votesAbstain,
        Long voteStart,
        Long voteEnd,
        List<Change> changes,
        Instant createdAt,
        String relayState,
        String txHash,
        Long etaSeconds,
        Instant refreshedAt) {

    /**
     * One call of the proposal. A call of a parameter setter names the parameter and its value; any
     * other call (a proposal made on chain can call anything) has both null.
     *
     * @param parameter the parameter it sets
     * @param value the value, as the API writes that parameter
     * @param target the contract called
     * @param calldata the call, hex
     */
    @JsonbNillable
    @JsonbPropertyOrder({"parameter", "value", "target", "calldata"})
    public record Change(String parameter, String value, String target, String calldata) {}
}

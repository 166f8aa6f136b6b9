package io.chroom.chain.api;

import java.math.BigInteger;

/**
 * A proposal as the governor answers for it at the latest block.
 *
 * @param id the proposal id
 * @param state where it stands
 * @param votesAgainst votes against, in token base units
 * @param votesFor votes for
 * @param votesAbstain abstentions
 * @param voteStart the block (the governor's clock) at which votes are counted; voting opens after
 * @param voteEnd the last block of the vote
 * @param proposer who proposed it
 */
public record GovernorProposal(
        BigInteger id,
        ProposalState state,
        BigInteger votesAgainst,
        BigInteger votesFor,
        BigInteger votesAbstain,
        long voteStart,
        long voteEnd,
        String proposer) {}

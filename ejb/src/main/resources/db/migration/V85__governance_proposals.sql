-- Proposals of the governor, kept by its events (created, voted, queued, executed, canceled) and
-- refreshed from the governor when they are read. A proposal made through the API is here from
-- its request on, before the chain has it; its relay is the outbox transaction that proposes it.

create table governance_proposals (
    -- The governor's id: a uint256, the hash of the proposal's calls and description.
    id                   numeric(78, 0) primary key,
    proposer             varchar(42),
    description          text           not null,
    -- The proposal's calls, comma-separated: target addresses, values (wei) and calldata (hex).
    targets              text           not null,
    call_values          text           not null,
    calldatas            text           not null,
    -- The governor's state (pending, active, ...), or the relay's (pending, submitted, failed)
    -- until the governor has the proposal.
    state                varchar(16)    not null,
    votes_for            numeric(78, 0) not null default 0,
    votes_against        numeric(78, 0) not null default 0,
    votes_abstain        numeric(78, 0) not null default 0,
    -- The governor's clock is the block number: votes count at vote_start, the vote ends after
    -- vote_end.
    vote_start           bigint,
    vote_end             bigint,
    eta_seconds          bigint,
    block_number         bigint,
    relay_transaction_id bigint         references chain_transactions (id),
    account_id           varchar(32)    references accounts (id),
    created_at           timestamptz    not null,
    refreshed_at         timestamptz
);
create index governance_proposals_newest on governance_proposals (created_at desc, id desc);

-- The votes the governor counted, one per VoteCast event; the tallies never fall below their sums
-- (a tally only grows), whatever a refresh from the governor answered earlier.
create table governance_votes (
    event_id     varchar(90)    primary key,
    proposal_id  numeric(78, 0) not null,
    voter        varchar(42)    not null,
    support      smallint       not null,
    weight       numeric(78, 0) not null,
    block_number bigint         not null
);
create index governance_votes_by_proposal on governance_votes (proposal_id, support);

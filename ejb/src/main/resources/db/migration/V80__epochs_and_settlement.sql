-- Epochs and their settlement: the usage ledger's records with their Merkle proofs, the metered
-- charges they caused (token_ledger_entries of kind 'usage'), and each operator's reward with its
-- proof. An epoch is settled in one transaction that writes all of it and the outbox rows that
-- publish both roots; its state then follows those rows to the chain.

create table epochs (
    number              bigint         primary key check (number >= 0),
    starts_at           timestamptz    not null,
    ends_at             timestamptz    not null,
    state               varchar(16)    not null check (state in
        ('open', 'settling', 'pending', 'submitted', 'confirmed', 'failed')),
    -- The network parameters read from the chain when the epoch opened: they hold for all of it.
    epoch_seconds       bigint         not null check (epoch_seconds > 0),
    price               numeric(78, 0) not null,
    reward_per_epoch    numeric(78, 0) not null,
    min_quality_score   integer        not null,
    settlement_id       varchar(32)    unique,
    records             integer,
    participant_minutes bigint,
    usage_root          varchar(66),
    reward_root         varchar(66),
    reward_total        numeric(78, 0),
    operators           integer,
    usage_tx_id         bigint         references chain_transactions (id),
    reward_tx_id        bigint         references chain_transactions (id),
    opened_at           timestamptz    not null,
    settled_at          timestamptz,
    confirmed_at        timestamptz,
    check (ends_at > starts_at)
);
-- At most one epoch is open at a time.
create unique index epochs_one_open on epochs ((true)) where state = 'open';
create index epochs_in_flight on epochs (number)
    where state in ('settling', 'pending', 'submitted');

-- One meeting's use of one node in an epoch, as the usage ledger's tree holds it. proof is the
-- sibling hashes from the leaf to the root, comma-separated hex.
create table usage_records (
    epoch               bigint         not null references epochs (number),
    meeting_id          varchar(24)    not null,
    node_id             varchar(32)    not null,
    account_id          varchar(32)    not null references accounts (id),
    participant_minutes bigint         not null check (participant_minutes > 0),
    quality_score       integer        not null check (quality_score between 0 and 10000),
    charge              numeric(78, 0) not null,
    leaf                varchar(66)    not null,
    proof               text           not null,
    primary key (epoch, meeting_id, node_id)
);
create index usage_records_by_meeting on usage_records (meeting_id, epoch, node_id);

-- An operator's share of an epoch's reward, its leaf in the reward tree and its proof; claimed
-- once the chain's Claimed event for it is applied.
create table operator_rewards (
    epoch               bigint         not null references epochs (number),
    operator            varchar(42)    not null,
    amount              numeric(78, 0) not null check (amount > 0),
    participant_minutes bigint         not null,
    quality_score       integer        not null,
    leaf                varchar(66)    not null,
    proof               text           not null,
    claimed_at          timestamptz,
    claim_tx_hash       varchar(66),
    primary key (epoch, operator)
);
create index operator_rewards_by_operator on operator_rewards (operator, epoch);

-- Settlement reads the handles that overlap an epoch: those detached after its start, or not yet.
create index media_handles_by_detach on media_handles (detached_at);

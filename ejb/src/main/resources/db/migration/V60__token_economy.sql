-- The token economy: wallets linked to accounts, the accounts' token ledger, payments and the
-- chain transactions that carry them (the outbox), the platform signer's nonce sequence, and the
-- cursor and de-duplication of the chain events the server has applied.

-- One row per signer; the outbox takes its next nonce under this row's lock, so servers that
-- share the database never hand out one nonce twice.
create table chain_signers (
    address    varchar(42) primary key,
    next_nonce bigint      not null
);

create table wallet_links (
    address    varchar(42) primary key,
    account_id varchar(32) not null references accounts (id),
    linked_at  timestamptz not null
);
create index wallet_links_by_account on wallet_links (account_id, linked_at);

-- The nonce a wallet signs when it is linked; each link moves it on, so a signature links once.
alter table accounts add column wallet_link_nonce bigint not null default 0;

-- Every credit and debit of an account's prepaid balance, in token base units. A reference names
-- the cause once (a chain event id, a payment), so nothing is credited twice.
create table token_ledger_entries (
    id         bigint generated always as identity primary key,
    account_id varchar(32)    not null references accounts (id),
    kind       varchar(16)    not null,
    amount     numeric(78, 0) not null,
    reference  varchar(120)   not null unique,
    created_at timestamptz    not null
);
create index token_ledger_by_account on token_ledger_entries (account_id);

create table payments (
    id            varchar(32)    primary key,
    account_id    varchar(32)    not null references accounts (id),
    method        varchar(16)    not null,
    state         varchar(16)    not null,
    payer         varchar(42),
    recipient     varchar(42)    not null,
    amount        numeric(78, 0) not null,
    failure       varchar(500),
    created_at    timestamptz    not null,
    updated_at    timestamptz    not null
);
create index payments_by_account on payments (account_id, created_at desc, id desc);

-- The outbox: a transaction is written with its cause, then signed at a nonce, sent and
-- followed to its receipt by the outbox worker. The raw signed transaction is stored before it is
-- sent, so a restart sends the very same transaction again, never a second one.
create table chain_transactions (
    id            bigint generated always as identity primary key,
    payment_id    varchar(32)  references payments (id),
    signer        varchar(42),
    step          int          not null,
    contract      varchar(16)  not null,
    data          text         not null,
    estimate      boolean      not null,
    gas_limit     bigint,
    state         varchar(16)  not null,
    nonce         bigint,
    tx_hash       varchar(66)  unique,
    raw           text,
    block_number  bigint,
    gas_used      bigint,
    attempts      int          not null default 0,
    last_error    varchar(500),
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null
);
create index chain_transactions_open on chain_transactions (state, id)
    where state in ('pending', 'signed', 'submitted');
create unique index chain_transactions_nonce on chain_transactions (signer, nonce)
    where nonce is not null;

-- Where the chain follower stands, and which events it has applied (transaction hash and log
-- index), so a repeated delivery changes nothing.
create table chain_cursors (
    name         varchar(32) primary key,
    block_number bigint      not null
);

create table chain_events_applied (
    id           varchar(90)  primary key,
    type         varchar(32)  not null,
    block_number bigint       not null,
    applied_at   timestamptz  not null
);

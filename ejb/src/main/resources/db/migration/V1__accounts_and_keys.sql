-- Accounts of the network and the API keys that act for them.
create table accounts (
    id                    varchar(32)  primary key,
    name                  varchar(200) not null,
    tier                  varchar(16)  not null check (tier in ('STANDARD', 'PREMIUM')),
    rate_limit_per_minute integer      check (rate_limit_per_minute between 1 and 1000000),
    network_admin         boolean      not null default false,
    created_at            timestamptz  not null,
    version               bigint       not null default 0
);
create index accounts_by_creation on accounts (created_at desc, id desc);

create table api_keys (
    id          varchar(32)  primary key,
    account_id  varchar(32)  not null references accounts (id),
    name        varchar(200) not null,
    -- SHA-256 of the secret; the secret itself is never stored.
    secret_hash bytea        not null unique check (length(secret_hash) = 32),
    secret_hint varchar(16)  not null,
    scopes      text         not null,
    created_at  timestamptz  not null,
    revoked_at  timestamptz
);
create index api_keys_by_account on api_keys (account_id, created_at desc, id desc);

-- First answers to Idempotency-Key requests, kept for a day.
create table idempotency_records (
    account_id      varchar(32)  not null references accounts (id),
    idempotency_key varchar(255) not null,
    request_hash    bytea        not null,
    response        text,
    created_at      timestamptz  not null,
    primary key (account_id, idempotency_key)
);
create index idempotency_records_by_age on idempotency_records (created_at);

-- Secrets the servers of one deployment must share when the operator supplies none.
create table server_secrets (
    name  varchar(64) primary key,
    value bytea       not null
);

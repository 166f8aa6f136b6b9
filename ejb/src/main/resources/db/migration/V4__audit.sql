-- The security audit trail: who did what to keys, accounts and nodes, refused scopes, and failed
-- authentication counted per source address and minute. No row ever holds a secret.
create table audit_events (
    id                  varchar(32)  primary key,
    type                varchar(32)  not null,
    occurred_at         timestamptz  not null,
    actor_account_id    varchar(32),
    actor_credential_id varchar(32),
    source_address      varchar(64),
    target_type         varchar(32),
    target_id           varchar(64),
    -- The account the target belongs to, when it belongs to one.
    account_id          varchar(32),
    details             text         not null default '{}',
    -- Failed authentication is one row per source address and minute, counting the failures.
    window_start        timestamptz,
    event_count         integer      not null default 1 check (event_count >= 1),
    last_seen_at        timestamptz  not null
);
create index audit_events_by_time on audit_events (occurred_at desc, id desc);
create index audit_events_by_type on audit_events (type, occurred_at desc, id desc);
create index audit_events_by_account on audit_events (account_id, occurred_at desc, id desc);
create unique index audit_events_failures_per_minute on audit_events (source_address, window_start)
    where type = 'auth.failed';

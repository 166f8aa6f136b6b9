-- Webhook subscriptions, the event outbox, and the delivery log.
create table webhook_subscriptions (
    id                         varchar(32)   primary key,
    account_id                 varchar(32)   not null references accounts (id),
    url                        varchar(2048) not null,
    event_types                text          not null,
    description                varchar(500),
    enabled                    boolean       not null,
    -- AES-GCM sealed signing secrets; never stored in the clear.
    secret_sealed              bytea         not null,
    previous_secret_sealed     bytea,
    previous_secret_expires_at timestamptz,
    created_at                 timestamptz   not null,
    version                    bigint        not null default 0
);
create index webhook_subscriptions_by_account
    on webhook_subscriptions (account_id, created_at desc, id desc);

create sequence webhook_event_sequence;

create table webhook_events (
    id         varchar(32)  primary key,
    account_id varchar(32)  not null references accounts (id),
    type       varchar(64)  not null,
    subject_id varchar(64),
    sequence   bigint       not null unique,
    body       text         not null,
    created_at timestamptz  not null
);

create table webhook_deliveries (
    id               varchar(40)  primary key,
    event_id         varchar(32)  not null references webhook_events (id) on delete cascade,
    subscription_id  varchar(32)  not null references webhook_subscriptions (id) on delete cascade,
    account_id       varchar(32)  not null references accounts (id),
    state            varchar(16)  not null check (state in ('PENDING', 'DELIVERED', 'DEAD')),
    attempts         integer      not null,
    next_attempt_at  timestamptz  not null,
    lease_until      timestamptz,
    last_status_code integer,
    last_error       varchar(500),
    delivered_at     timestamptz,
    created_at       timestamptz  not null
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where state = 'PENDING';
-- Finds the earlier pending events of a subscription, which hold back later ones about the same subject.
create index webhook_deliveries_pending_by_subscription
    on webhook_deliveries (subscription_id) where state = 'PENDING';
create index webhook_deliveries_by_subscription
    on webhook_deliveries (subscription_id, created_at desc, id desc);

create table webhook_attempts (
    delivery_id  varchar(40)  not null references webhook_deliveries (id) on delete cascade,
    attempt      integer      not null,
    attempted_at timestamptz  not null,
    status_code  integer,
    latency_ms   bigint       not null,
    error        varchar(500),
    primary key (delivery_id, attempt)
);

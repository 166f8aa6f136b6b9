-- Meetings and the participants invited to them.
create table meetings (
    id               varchar(24)  primary key,
    account_id       varchar(32)  not null references accounts (id),
    title            varchar(200) not null,
    host_id          varchar(200) not null,
    duration_minutes integer      not null check (duration_minutes between 1 and 1440),
    scheduled_start  timestamptz,
    e2ee             boolean      not null default false,
    region           varchar(64),
    node_policy      varchar(32)  not null
        check (node_policy in ('LOWEST_LATENCY', 'LEAST_LOADED', 'LOWEST_PRICE')),
    status           varchar(16)  not null
        check (status in ('CREATED', 'LIVE', 'ENDED', 'CANCELLED')),
    created_at       timestamptz  not null,
    started_at       timestamptz,
    ends_at          timestamptz,
    ended_at         timestamptz,
    cancelled_at     timestamptz,
    version          bigint       not null default 0,
    check (status <> 'LIVE' or (started_at is not null and ends_at is not null))
);
create index meetings_by_account on meetings (account_id, created_at desc, id desc);
create index meetings_live_by_end on meetings (ends_at) where status = 'LIVE';

create table meeting_participants (
    meeting_id     varchar(24)  not null references meetings (id) on delete cascade,
    participant_id varchar(200) not null,
    added_at       timestamptz  not null,
    primary key (meeting_id, participant_id)
);

-- What the media nodes report about calls: their Janus event handler posts session, handle and
-- media statistics events to Chroom, which keeps raw samples for a few days and per-minute
-- aggregates for longer.

-- The digest of each node's ingest credential (derived from its admin secret), to know which
-- node posts a batch of events.
create table media_node_ingest_keys (
    node_id   varchar(32) primary key references media_nodes (id) on delete cascade,
    key_hash  bytea       not null
);
create index media_node_ingest_keys_by_hash on media_node_ingest_keys (key_hash);

-- Each Janus handle a participant attached on a node, from attach to detach: the handle's
-- token names the grant, and so the meeting, the account and the participant.
create table media_handles (
    node_id        varchar(32)  not null references media_nodes (id) on delete cascade,
    handle_id      bigint       not null,
    session_id     bigint       not null,
    meeting_id     varchar(24)  not null references meetings (id) on delete cascade,
    account_id     varchar(32)  not null,
    participant_id varchar(200) not null,
    attached_at    timestamptz  not null,
    detached_at    timestamptz,
    primary key (node_id, handle_id),
    check (detached_at is null or detached_at >= attached_at)
);
create index media_handles_by_meeting on media_handles (meeting_id, attached_at);
create index media_handles_by_account on media_handles (account_id, attached_at);
create index media_handles_open on media_handles (node_id, session_id) where detached_at is null;

-- One row per media statistics event (Janus event type 32, subtype 3): one stream of one handle
-- at one moment. Counters are the stream's totals since it started; rates and the score are
-- those of the interval since the stream's previous sample.
create table media_samples (
    sampled_at        timestamptz  not null,
    node_id           varchar(32)  not null,
    account_id        varchar(32)  not null,
    meeting_id        varchar(24)  not null,
    participant_id    varchar(200) not null,
    handle_id         bigint       not null,
    mid               varchar(16)  not null,
    media             varchar(16)  not null,
    codec             varchar(32),
    rtt_ms            integer,
    jitter_in_ms      integer,
    jitter_out_ms     integer,
    loss_in_pct       real,
    loss_out_pct      real,
    bitrate_in_bps    bigint,
    bitrate_out_bps   bigint,
    packets_in        bigint       not null,
    packets_out       bigint       not null,
    bytes_in          bigint       not null,
    bytes_out         bigint       not null,
    nacks_in          bigint,
    nacks_out         bigint,
    mos               real
) partition by range (sampled_at);
create index media_samples_by_meeting on media_samples (meeting_id, sampled_at);
create index media_samples_by_account on media_samples (account_id, sampled_at);
create index media_samples_by_node on media_samples (node_id, sampled_at);

-- Per minute, participant, node and kind of media: what the samples of that minute say.
create table media_minutes (
    minute          timestamptz  not null,
    meeting_id      varchar(24)  not null,
    participant_id  varchar(200) not null,
    node_id         varchar(32)  not null,
    media           varchar(16)  not null,
    account_id      varchar(32)  not null,
    samples         integer      not null,
    rtt_ms          real,
    jitter_ms       real,
    loss_pct        real,
    mos             real,
    mos_min         real,
    bitrate_in_bps  bigint,
    bitrate_out_bps bigint,
    bytes_in        bigint       not null,
    bytes_out       bigint       not null,
    nacks           bigint       not null,
    primary key (meeting_id, participant_id, node_id, media, minute)
);
create index media_minutes_by_account on media_minutes (account_id, minute);
create index media_minutes_by_node on media_minutes (node_id, minute);

-- Up to where each analytics job has done its work.
create table analytics_watermarks (
    name   varchar(64) primary key,
    until  timestamptz not null
);

-- Creates the daily partitions of media_samples from yesterday to days_ahead days ahead.
create function media_samples_partitions(days_ahead integer) returns integer
language plpgsql as $$
declare
    day date;
    made integer := 0;
begin
    for day in select generate_series(current_date - 1, current_date + days_ahead, '1 day')::date
    loop
        if to_regclass('media_samples_' || to_char(day, 'YYYYMMDD')) is null then
            execute format(
                'create table %I partition of media_samples for values from (%L) to (%L)',
                'media_samples_' || to_char(day, 'YYYYMMDD'), day, day + 1);
            made := made + 1;
        end if;
    end loop;
    return made;
end $$;

select media_samples_partitions(7);

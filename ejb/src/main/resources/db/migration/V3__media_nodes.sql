-- The pool of media nodes, where meetings are placed on them, and who may use them.
create table media_nodes (
    id                           varchar(32)    primary key,
    name                         varchar(200)   not null,
    region                       varchar(64)    not null,
    media_url                    varchar(2048)  not null,
    control_url                  varchar(2048)  not null,
    turn_url                     varchar(512),
    -- AES-GCM sealed; read back to call the node and to derive TURN credentials.
    admin_secret_sealed          bytea          not null,
    turn_secret_sealed           bytea,
    capacity                     integer        not null check (capacity between 1 and 100000),
    operator_wallet              varchar(42)    not null check (operator_wallet ~ '^0x[0-9a-fA-F]{40}$'),
    price_per_participant_minute numeric(38, 18) not null check (price_per_participant_minute >= 0),
    state                        varchar(16)    not null
        check (state in ('ACTIVE', 'DRAINING', 'REMOVED')),
    health                       varchar(16)    not null
        check (health in ('UNKNOWN', 'UP', 'DEGRADED', 'DOWN')),
    control_rtt_ms               integer,
    stun_rtt_ms                  integer,
    turn_ok                      boolean,
    sessions                     integer        not null default 0,
    rooms                        integer        not null default 0,
    node_participants            integer        not null default 0,
    software                     varchar(200),
    checked_at                   timestamptz,
    health_detail                varchar(500),
    created_at                   timestamptz    not null,
    version                      bigint         not null default 0
);
create index media_nodes_by_creation on media_nodes (created_at desc, id desc);
-- One node in the pool per control URL; a removed node's URL may be registered again.
create unique index media_nodes_control_url on media_nodes (control_url) where state <> 'REMOVED';

-- Every health change the watch saw, for GET /api/nodes/{id}/health and analytics.
create table media_node_health (
    node_id        varchar(32)  not null references media_nodes (id) on delete cascade,
    observed_at    timestamptz  not null,
    kind           varchar(16)  not null,
    control_rtt_ms integer,
    stun_rtt_ms    integer,
    turn_ok        boolean,
    sessions       integer,
    participants   integer,
    detail         varchar(500)
);
create index media_node_health_by_node on media_node_health (node_id, observed_at desc);

-- Where a meeting ran: one row per node it was placed on; the open row is the current one.
create table meeting_placements (
    id                  bigserial    primary key,
    meeting_id          varchar(24)  not null references meetings (id) on delete cascade,
    node_id             varchar(32)  not null references media_nodes (id),
    room_id             bigint       not null,
    room_secret_sealed  bytea        not null,
    room_pin            varchar(32)  not null,
    reason              varchar(32)  not null,
    placed_at           timestamptz  not null,
    released_at         timestamptz,
    release_reason      varchar(32),
    -- Set once the room is gone from the node; a released room not yet cleaned is retried.
    cleaned_at          timestamptz
);
create unique index meeting_placements_current on meeting_placements (meeting_id)
    where released_at is null;
create index meeting_placements_by_node on meeting_placements (node_id) where released_at is null;
create index meeting_placements_to_clean on meeting_placements (released_at)
    where released_at is not null and cleaned_at is null;

-- Media access handed out by a join; the token is what the node checks.
create table media_grants (
    id             varchar(32)  primary key,
    meeting_id     varchar(24)  not null references meetings (id) on delete cascade,
    participant_id varchar(200) not null,
    role           varchar(16)  not null check (role in ('HOST', 'PARTICIPANT')),
    -- SHA-256 of the token, to find a grant by the token a page presents.
    token_hash     bytea        not null unique,
    token_sealed   bytea        not null,
    created_at     timestamptz  not null,
    expires_at     timestamptz  not null,
    revoked_at     timestamptz
);
create index media_grants_active_by_meeting on media_grants (meeting_id) where revoked_at is null;

-- Leases of work that one server of a deployment does at a time.
create table job_leases (
    name        varchar(64)  primary key,
    holder      varchar(128) not null,
    lease_until timestamptz  not null
);

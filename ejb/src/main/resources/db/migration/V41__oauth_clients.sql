-- OAuth 2.0 clients (client credentials grant). Chroom keeps each client's account, name and
-- scopes here; Liberty's OpenID Connect provider, which issues the tokens, reads the client's
-- hashed secret from its database store in the oauth schema below. Both rows are written in one
-- transaction.
create table oauth_clients (
    id                varchar(64)  primary key,
    account_id        varchar(32)  not null references accounts (id),
    name              varchar(200) not null,
    scopes            text         not null,
    -- The client's id at the external identity provider that issues its tokens, if one does.
    external_id       varchar(256) unique,
    created_at        timestamptz  not null,
    -- Tokens issued before this moment are refused: rotating the secret ends them.
    secret_rotated_at timestamptz  not null,
    deleted_at        timestamptz,
    version           bigint       not null default 0
);
create index oauth_clients_by_account on oauth_clients (account_id, created_at desc, id desc);

-- The tables of Liberty's OAuth database store (databaseStore schema="oauth"), in PostgreSQL.
create schema oauth;

create table oauth.oauth20cache (
    lookupkey      varchar(256)  not null primary key,
    uniqueid       varchar(128)  not null,
    componentid    varchar(256)  not null,
    type           varchar(64)   not null,
    subtype        varchar(64),
    createdat      bigint,
    lifetime       integer,
    expires        bigint,
    tokenstring    varchar(4096) not null,
    clientid       varchar(64)   not null,
    username       varchar(64)   not null,
    scope          varchar(512)  not null,
    redirecturi    varchar(2048),
    stateid        varchar(64)   not null,
    extendedfields text          not null default '{}'
);
create index oauth20cache_expires on oauth.oauth20cache (expires);
create index oauth20cache_uniqueid on oauth.oauth20cache (uniqueid);

create table oauth.oauth20clientconfig (
    componentid    varchar(256)  not null,
    clientid       varchar(256)  not null,
    clientsecret   varchar(256),
    displayname    varchar(256)  not null,
    redirecturi    varchar(2048),
    enabled        integer,
    clientmetadata text          not null default '{}',
    primary key (componentid, clientid)
);

create table oauth.oauth20consentcache (
    clientid       varchar(256)  not null,
    userid         varchar(256),
    providerid     varchar(256)  not null,
    scope          varchar(1024) not null,
    expires        bigint,
    extendedfields text          not null default '{}'
);

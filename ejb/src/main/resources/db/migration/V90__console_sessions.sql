-- Open console sessions, shared by every server of a deployment. The browser holds a random
-- secret in its cookie; only its SHA-256 is kept here, so a copy of this table opens no session.
-- The session's CSRF token is derived from the secret and is not stored either.
create table console_sessions (
    id_hash        bytea        primary key check (octet_length(id_hash) = 32),
    user_id        varchar(32)  not null references console_users (id) on delete cascade,
    source_address varchar(64),
    created_at     timestamptz  not null,
    -- Refreshed at most once a minute while the session is used; idle sessions end.
    last_seen_at   timestamptz  not null,
    -- However busy, a session ends here.
    expires_at     timestamptz  not null
);
create index console_sessions_by_user on console_sessions (user_id);
create index console_sessions_by_last_seen on console_sessions (last_seen_at);

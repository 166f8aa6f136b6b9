-- People who sign in to the console. Each belongs to one account and acts for it with the scopes
-- of its role; the password is kept only as a PBKDF2 hash in Jakarta Security's own format.
create table console_users (
    id            varchar(32)  primary key,
    account_id    varchar(32)  not null references accounts (id),
    email         varchar(254) not null,
    role          varchar(16)  not null check (role in ('OWNER', 'ADMIN', 'VIEWER')),
    password_hash varchar(512) not null,
    created_at    timestamptz  not null,
    removed_at    timestamptz
);
-- One person, one sign-in: addresses are unique whatever their case.
create unique index console_users_by_email on console_users (lower(email));
create index console_users_by_account on console_users (account_id, created_at desc, id desc);

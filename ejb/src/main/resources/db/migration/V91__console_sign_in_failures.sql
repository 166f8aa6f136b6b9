-- Failed console sign-ins per email address and per client address, so that a lock after
-- repeated failures holds on every server. Rows whose window and lock are over are deleted.
create table console_sign_in_failures (
    -- 'email:<lower-case address>' or 'address:<client address, IPv6 as its /64>'
    subject      varchar(300) primary key,
    failures     integer      not null check (failures >= 0),
    window_start timestamptz  not null,
    locked_until timestamptz
);
create index console_sign_in_failures_by_window on console_sign_in_failures (window_start);

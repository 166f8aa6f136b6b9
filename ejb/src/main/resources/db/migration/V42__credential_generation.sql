-- One counter that every change to a credential's validity advances (a key revoked, an OAuth
-- client's secret rotated or the client deleted, an account's tier or limit changed), in the
-- transaction of that change. Servers that remember recently checked credentials watch it, and
-- forget them all when it moves.
create table credential_generation (
    id    integer primary key check (id = 1),
    value bigint  not null
);
insert into credential_generation (id, value) values (1, 0);

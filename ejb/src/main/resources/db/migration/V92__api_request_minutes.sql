-- Requests to the API per account and clock minute, with their errors. Each server counts in
-- memory and adds its counts here every few seconds, so the rows are the deployment's totals.
create table api_request_minutes (
    account_id    varchar(32) not null,
    minute        timestamptz not null,
    requests      bigint      not null check (requests >= 0),
    -- 4xx answers other than 429
    client_errors bigint      not null check (client_errors >= 0),
    -- 429: over the account's rate limit
    rate_limited  bigint      not null check (rate_limited >= 0),
    -- 5xx answers
    server_errors bigint      not null check (server_errors >= 0),
    primary key (account_id, minute)
);
create index api_request_minutes_by_minute on api_request_minutes (minute);

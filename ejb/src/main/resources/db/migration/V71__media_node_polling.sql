-- What Chroom learns by asking a node's Janus itself, when the node's events stop or a detach
-- was lost.

-- When the node last posted a batch of events that was taken (to within a few seconds): a node
-- with connected handles that has been silent for a while is polled instead.
alter table media_node_ingest_keys add column heard_at timestamptz;

-- seen_at: the last time the node's control API listed the handle; a handle it no longer lists is
-- closed at the last moment it was known to be there. polled_from .. polled_until: the span in
-- which the poll, not the node's events, wrote the handle's samples; event samples of that span
-- (a node posting what it held back) are not stored twice.
alter table media_handles
    add column seen_at timestamptz,
    add column polled_from timestamptz,
    add column polled_until timestamptz;

-- Samples the poll wrote from the node's handle_info instead of its media statistics events.
alter table media_samples add column polled boolean not null default false;

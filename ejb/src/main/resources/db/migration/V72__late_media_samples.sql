-- Samples that arrived after their minute was folded into media_minutes: the minute job folds
-- their minutes again (and the minute of each stream's next sample, whose byte count was taken
-- from the sample before the late one), then forgets them.
create table media_samples_late (
    sampled_at     timestamptz  not null,
    node_id        varchar(32)  not null,
    handle_id      bigint       not null,
    mid            varchar(16)  not null,
    meeting_id     varchar(24)  not null,
    participant_id varchar(200) not null,
    media          varchar(16)  not null
);
create index media_samples_late_by_time on media_samples_late (sampled_at);

-- Schedules: a workflow type started on a cron expression. `record` is the whole schedule as
-- JSON (its definition, paused flag and note, and the runner's state: the cursor, queued and
-- buffered ticks, open runs, recent runs, counters); `version` is what every write compares
-- and sets, so the runners of several nodes claim each tick once.
CREATE TABLE schedules (
    id      TEXT    PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL,
    record  TEXT    NOT NULL
);

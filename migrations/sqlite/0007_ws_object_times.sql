-- When each object was last written: the collector of unreferenced content removes only objects
-- older than its retention, so an object written for a change that has not committed yet (and
-- so is referenced by nothing) is never taken from under it. Objects stored before this
-- migration count as old.
ALTER TABLE ws_objects ADD COLUMN written_at BIGINT NOT NULL DEFAULT 0;

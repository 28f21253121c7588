-- Workspace changes made by workflows' activities: at most one per workflow and journal
-- position, written in the transaction of the change, with what the activity returned, so that a
-- repeated call gets the first result instead of changing the session twice.
CREATE TABLE ws_activities (
    workflow_id TEXT    NOT NULL,
    position    BIGINT  NOT NULL,
    session_id  TEXT    NOT NULL,
    result      TEXT    NOT NULL,
    PRIMARY KEY (workflow_id, position)
);

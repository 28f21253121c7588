-- Approvals: requests for a person's decision, listed across runs. A workflow's approvals are
-- written in the same transaction as the actions that change them; an approval about a session
-- outside any workflow is written on its own, over the version read. `record` is the whole
-- approval as JSON; the other columns are what listings filter and order on.
CREATE TABLE approvals (
    id           TEXT    PRIMARY KEY NOT NULL,
    workflow_id  TEXT,
    position     INTEGER,
    session_id   TEXT,
    reason       TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    requested_at INTEGER NOT NULL,
    expires_at   INTEGER,
    version      INTEGER NOT NULL,
    record       TEXT    NOT NULL
);

-- The inbox: pending approvals, newest first, and every other state's listing.
CREATE INDEX approvals_by_state ON approvals (state, requested_at DESC, id DESC);
CREATE INDEX approvals_by_requested ON approvals (requested_at DESC, id DESC);
CREATE INDEX approvals_by_workflow ON approvals (workflow_id) WHERE workflow_id IS NOT NULL;
CREATE INDEX approvals_by_session ON approvals (session_id) WHERE session_id IS NOT NULL;

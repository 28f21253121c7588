-- Workflows: the queryable row beside each workflow's action log.
CREATE TABLE workflows (
    id              TEXT    PRIMARY KEY NOT NULL,
    workflow_type   TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    wait            TEXT,
    parent_id       TEXT,
    parent_position INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    closed_at       INTEGER,
    version         INTEGER NOT NULL,
    history_len     INTEGER NOT NULL,
    lease_token     TEXT,
    lease_worker    TEXT,
    leased_at       INTEGER,
    last_worker     TEXT
);

CREATE INDEX workflows_by_created ON workflows (created_at DESC, id DESC);
CREATE INDEX workflows_by_status ON workflows (status, created_at DESC);
CREATE INDEX workflows_by_type ON workflows (workflow_type, created_at DESC);
-- Recovery reads only the workflows that are not terminal.
CREATE INDEX workflows_active ON workflows (id) WHERE status IN ('PENDING', 'RUNNING');

-- The action log: gapless from seq 1 per workflow. `action` is the JSON of the action; the other
-- columns repeat what listings and the CLI show without parsing it.
CREATE TABLE history (
    workflow_id  TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    position     INTEGER,
    name         TEXT,
    attempt      INTEGER,
    payload_size INTEGER NOT NULL,
    action       TEXT    NOT NULL,
    PRIMARY KEY (workflow_id, seq)
) WITHOUT ROWID;

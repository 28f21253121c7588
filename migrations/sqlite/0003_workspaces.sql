-- Workspaces: content-addressed objects (file contents and directory trees, immutable), sessions
-- (a head tree and a revision), and what hangs off a session. JSON columns are TEXT.

CREATE TABLE ws_objects (
    hash TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    data BLOB NOT NULL
);

CREATE TABLE ws_sessions (
    id TEXT PRIMARY KEY,
    revision BIGINT NOT NULL,
    root TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    file_count BIGINT NOT NULL,
    state TEXT NOT NULL,
    source TEXT,
    base_commit TEXT,
    last_commit TEXT,
    parent_id TEXT,
    parent_revision BIGINT,
    parent_root TEXT,
    origin TEXT NOT NULL,
    labels TEXT NOT NULL,
    event_count BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX ws_sessions_created ON ws_sessions (created_at);

CREATE TABLE ws_events (
    session_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT,
    detail TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (session_id, seq)
);

CREATE TABLE ws_checkpoints (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    name TEXT,
    revision BIGINT NOT NULL,
    root TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    file_count BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ws_checkpoints_session ON ws_checkpoints (session_id);

CREATE TABLE ws_cache (
    session_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    version BIGINT NOT NULL,
    expires_at BIGINT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, key)
);

CREATE TABLE ws_annotations (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    path TEXT NOT NULL,
    line_start BIGINT,
    line_end BIGINT,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    resolved BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX ws_annotations_session ON ws_annotations (session_id);

CREATE TABLE ws_sources (
    name TEXT PRIMARY KEY,
    head_commit TEXT NOT NULL,
    root TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    file_count BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE ws_commits (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    session_id TEXT,
    parent TEXT,
    root TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    file_count BIGINT NOT NULL,
    message TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ws_commits_source ON ws_commits (source, created_at);

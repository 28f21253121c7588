-- Knowledge entries, kept per source so that they outlive the sessions that wrote them.
-- `tags` and `links` are JSON; listings narrow by source (and a tag's quoted form in `tags`)
-- here and check the rest in the code.
CREATE TABLE ws_knowledge (
    id         TEXT PRIMARY KEY NOT NULL,
    source     TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    tags       TEXT NOT NULL,
    links      TEXT NOT NULL,
    author     TEXT,
    created_at BIGINT NOT NULL
);

CREATE INDEX ws_knowledge_by_source ON ws_knowledge (source, created_at DESC, id DESC);

-- For several engine nodes on one database (and for restarts): when a workflow's earliest
-- pending timer is due, and an index for finding runnable workflows by type.
ALTER TABLE workflows ADD COLUMN due_at INTEGER;
CREATE INDEX workflows_due ON workflows (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX workflows_runnable ON workflows (workflow_type, updated_at)
    WHERE lease_token IS NULL AND wait IS NULL AND status IN ('PENDING', 'RUNNING');

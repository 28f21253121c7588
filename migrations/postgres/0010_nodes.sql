-- Several nodes on one database: each node's last heartbeat, and which node granted a lease
-- (its worker's stream is there). A node whose heartbeat is too old is claimed dead by deleting
-- its record; leases whose node has no record are expired by the survivors.
CREATE TABLE nodes (
    id           TEXT   PRIMARY KEY,
    heartbeat_at BIGINT NOT NULL
);
ALTER TABLE workflows ADD COLUMN lease_node TEXT;
CREATE INDEX workflows_leased_by ON workflows (lease_node) WHERE lease_node IS NOT NULL;

-- When a workflow's current wait began (NULL when it is not waiting): what status and listings
-- show as "waiting since".
ALTER TABLE workflows ADD COLUMN wait_since BIGINT;

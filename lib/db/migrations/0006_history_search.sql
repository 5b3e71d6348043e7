-- History search (`/history?q=`) matches a substring of the target id or the error code. A plain
-- ILIKE scans the whole log; on PGlite that scan runs on the Node thread and froze every request.
-- Trigram indexes make substring search an index lookup; error codes are few, so their distinct
-- values are read through a btree (one probe each) and matched in memory.
-- pg_trgm is a trusted extension: the database owner running migrations may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS audit_events_target_trgm ON audit_events USING gin (target_id gin_trgm_ops);
CREATE INDEX IF NOT EXISTS audit_events_error_code ON audit_events (error_code) WHERE error_code IS NOT NULL;

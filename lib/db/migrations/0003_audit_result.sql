-- What an operation produced beyond its outcome, on its `completed` event: for a share, every
-- batch with its user IDs, its outcome and its ENS RequestId. Null for older events, which the
-- hash chain keeps valid: a null result is not part of an event's hashed content.
ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS result jsonb;

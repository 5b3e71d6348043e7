-- Signed checkpoints of the audit chain: the event count and head (id, hash) at an instant, signed
-- with an Ed25519 key the database never sees. Append-only like audit_events: a rewritten or cut
-- chain no longer matches a checkpoint, and nobody can forge a new one without the private key.
CREATE TABLE IF NOT EXISTS audit_checkpoints (
  id bigserial PRIMARY KEY,
  at timestamptz(3) NOT NULL,
  event_count bigint NOT NULL,
  head_id bigint NOT NULL,
  head_hash text NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL
);

CREATE INDEX IF NOT EXISTS audit_checkpoints_at ON audit_checkpoints (at DESC);

CREATE OR REPLACE FUNCTION audit_checkpoints_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_checkpoints is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_checkpoints_no_update ON audit_checkpoints;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only();
DROP TRIGGER IF EXISTS audit_checkpoints_no_truncate ON audit_checkpoints;
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_append_only();

-- When the console's role (scripts/pg-roles.sql) exists already, it gets the audit tables on the
-- audit terms: read and append, never change (its default privileges would allow more).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aic_console') THEN
    GRANT SELECT, INSERT ON audit_checkpoints TO aic_console;
    GRANT USAGE, SELECT ON SEQUENCE audit_checkpoints_id_seq TO aic_console;
    REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_checkpoints, audit_events FROM aic_console;
    GRANT SELECT, INSERT ON audit_events TO aic_console;
  END IF;
END;
$$;

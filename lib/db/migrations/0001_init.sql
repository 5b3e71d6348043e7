CREATE TABLE IF NOT EXISTS users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE,
  name text,
  role text NOT NULL CHECK (role IN ('viewer', 'operator', 'auditor', 'admin')),
  password_hash text,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS audit_events (
  id bigserial PRIMARY KEY,
  operation_id uuid NOT NULL,
  at timestamptz(6) NOT NULL,
  actor_id text,
  actor_email text,
  actor_role text,
  action text NOT NULL,
  target_type text,
  target_id text,
  params jsonb,
  phase text NOT NULL CHECK (phase IN ('requested', 'completed')),
  outcome text CHECK (outcome IN ('success', 'failure', 'denied', 'rejected', 'unknown')),
  error_code text,
  error_message text,
  ens_request_id text,
  duration_ms integer,
  source_ip text,
  user_agent text,
  bulk_id text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);

CREATE INDEX IF NOT EXISTS audit_events_at_id ON audit_events (at DESC, id DESC);
CREATE INDEX IF NOT EXISTS audit_events_operation ON audit_events (operation_id);
CREATE INDEX IF NOT EXISTS audit_events_target ON audit_events (target_id, at DESC, id DESC);
CREATE INDEX IF NOT EXISTS audit_events_actor ON audit_events (actor_email, at DESC, id DESC);
CREATE INDEX IF NOT EXISTS audit_events_action ON audit_events (action, at DESC, id DESC);
CREATE INDEX IF NOT EXISTS audit_events_ip ON audit_events (source_ip, at DESC) WHERE source_ip IS NOT NULL;
CREATE INDEX IF NOT EXISTS audit_events_bulk ON audit_events (bulk_id) WHERE bulk_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS audit_events_one_per_phase ON audit_events (operation_id, phase);

-- The audit log is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_events_no_update ON audit_events;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- Expiring logins (lib/logins). A lease is the console's record of a login it opened (or adopted):
-- when it closes, who opened it and why. What happened stays in the audit log; this table holds
-- what the expiry pass needs now, and a row goes when its login is closed.
CREATE TABLE IF NOT EXISTS login_leases (
  instance_id text PRIMARY KEY,
  -- NULL: no expiry (only where the deployment allows it, or a login opened before expiries existed).
  expires_at timestamptz(3),
  opened_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  opened_by_id text,
  opened_by_email text,
  opened_by_role text,
  reason text NOT NULL,
  key_name text,
  key_group text,
  -- The audited operation that opened (or adopted) it.
  audit_operation_id uuid,
  adopted boolean NOT NULL DEFAULT false,
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'closing', 'failed')),
  -- Expiry closes tried so far, the next try's time, and why the last one failed.
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz(3),
  last_error text,
  -- The engine operation closing it at expiry (state closing).
  close_operation_id uuid,
  updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS login_leases_due ON login_leases (expires_at) WHERE state = 'active' AND expires_at IS NOT NULL;

-- Logins open on ENS that no console operation opened, found by the drift pass: one row (and one
-- audit finding) per instance while it stays so.
CREATE TABLE IF NOT EXISTS login_drift (
  instance_id text PRIMARY KEY,
  keys jsonb NOT NULL,
  found_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  audit_operation_id uuid NOT NULL
);

-- Periodic passes that one console process per deployment runs per period (drift, resolution).
CREATE TABLE IF NOT EXISTS console_schedules (
  name text PRIMARY KEY,
  next_at timestamptz(3) NOT NULL
);

-- An item's own audit params beyond its operation's (an expiry close names the open it ends), and
-- what the resolution pass found for an `unknown` item.
ALTER TABLE operation_items ADD COLUMN IF NOT EXISTS params jsonb;
ALTER TABLE operation_items ADD COLUMN IF NOT EXISTS resolution text;
ALTER TABLE operation_items DROP CONSTRAINT IF EXISTS operation_items_resolution_check;
ALTER TABLE operation_items ADD CONSTRAINT operation_items_resolution_check CHECK (resolution IN ('applied', 'not applied', 'unknown'));

-- A third phase: `resolved`, appended once to an operation whose outcome was `unknown`, with what
-- ENS showed afterwards. The `requested` and `completed` events stay as they were.
ALTER TABLE audit_events DROP CONSTRAINT IF EXISTS audit_events_phase_check;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_phase_check CHECK (phase IN ('requested', 'completed', 'resolved'));
CREATE INDEX IF NOT EXISTS audit_events_unknown ON audit_events (id) WHERE phase = 'completed' AND outcome = 'unknown';

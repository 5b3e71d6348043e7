-- Operations: jobs on the engine (lib/operations). One row per submitted operation, one per item
-- (an instance, in submission order). These tables hold state that changes as the job runs; what
-- happened stays in the audit log (each item is its own audited operation, linked by bulk_id).
CREATE TABLE IF NOT EXISTS operations (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('login.open', 'login.close', 'instance.reboot', 'instance.reset')),
  created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  -- Set once its chunks are on the queue; a start-up sweep enqueues one whose process died before.
  enqueued_at timestamptz(3),
  started_at timestamptz(3),
  finished_at timestamptz(3),
  cancel_requested_at timestamptz(3),
  -- Items per state, written when it ends (a running operation's are counted from its items).
  counts jsonb,
  actor_id text,
  actor_email text,
  actor_role text,
  source_ip text,
  user_agent text,
  params jsonb NOT NULL,
  selection text NOT NULL,
  total integer NOT NULL CHECK (total > 0)
);
CREATE INDEX IF NOT EXISTS operations_created ON operations (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS operations_open ON operations (created_at) WHERE finished_at IS NULL;

CREATE TABLE IF NOT EXISTS operation_items (
  operation_id uuid NOT NULL,
  seq integer NOT NULL,
  chunk integer NOT NULL,
  instance_id text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'ok', 'failed', 'unknown', 'cancelled')),
  -- The console process working on it, and the engine job that carries its chunk.
  owner uuid,
  job_id uuid,
  audit_operation_id uuid,
  error_code text,
  error_message text,
  ens_request_id text,
  started_at timestamptz(3),
  finished_at timestamptz(3),
  PRIMARY KEY (operation_id, seq)
);
CREATE INDEX IF NOT EXISTS operation_items_chunk ON operation_items (operation_id, chunk);
CREATE INDEX IF NOT EXISTS operation_items_state ON operation_items (operation_id, state);
CREATE INDEX IF NOT EXISTS operation_items_owned ON operation_items (owner) WHERE state IN ('pending', 'running') AND owner IS NOT NULL;

-- Console processes and their heartbeats: work owned by a process that stopped beating is taken over.
CREATE TABLE IF NOT EXISTS console_processes (
  id uuid PRIMARY KEY,
  host text NOT NULL,
  pid integer NOT NULL,
  started_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  heartbeat_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
);

-- The pace ENS allows, shared by every job and replica using one AccessKey: a token bucket per
-- (AccessKey, action) whose tokens may go negative (a reservation: the caller waits its turn).
CREATE TABLE IF NOT EXISTS ens_rate_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  at timestamptz(6) NOT NULL
);

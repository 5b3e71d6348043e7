-- Access on request (lib/requests): the requester role, the access policy admins edit, requests
-- and their decisions, break-glass opens awaiting review, and each user's notifications.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('viewer', 'requester', 'operator', 'auditor', 'admin'));

-- One row: the policy as JSON (lib/requests/policy.ts parses it; a missing row is the default).
CREATE TABLE IF NOT EXISTS access_policy (
  id integer PRIMARY KEY CHECK (id = 1),
  policy jsonb NOT NULL,
  updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  updated_by text
);

CREATE TABLE IF NOT EXISTS access_requests (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('login', 'share')),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'denied', 'expired', 'cancelled', 'done', 'failed')),
  requester_id uuid NOT NULL,
  requester_email text NOT NULL,
  requester_role text NOT NULL,
  reason text NOT NULL,
  -- What is asked: a login (selection, key, duration) or a share (image, user IDs), as submitted.
  details jsonb NOT NULL,
  approvals_needed integer NOT NULL CHECK (approvals_needed BETWEEN 1 AND 2),
  approvers text NOT NULL CHECK (approvers IN ('operators', 'admins')),
  created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  -- A pending request past this expires (the requests pass).
  expires_at timestamptz(3) NOT NULL,
  decided_at timestamptz(3),
  ended_at timestamptz(3),
  -- The engine operation that carried out an approved login request (fixed at approval, so it is started once).
  job_id uuid,
  -- Held by the process carrying it out; a stale hold (a crash) is taken over by the next pass.
  carry_claimed_at timestamptz(3),
  failure text,
  audit_operation_id uuid NOT NULL
);
CREATE INDEX IF NOT EXISTS access_requests_pending ON access_requests (expires_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS access_requests_approved ON access_requests (decided_at) WHERE state = 'approved';
CREATE INDEX IF NOT EXISTS access_requests_requester ON access_requests (requester_id, created_at DESC NULLS LAST);
CREATE INDEX IF NOT EXISTS access_requests_created ON access_requests (created_at DESC NULLS LAST);

-- One decision per person and request: the same person never counts twice.
CREATE TABLE IF NOT EXISTS access_request_decisions (
  request_id uuid NOT NULL,
  actor_id uuid NOT NULL,
  actor_email text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('approve', 'deny')),
  comment text,
  at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  audit_operation_id uuid NOT NULL,
  PRIMARY KEY (request_id, actor_id)
);

CREATE TABLE IF NOT EXISTS break_glass_opens (
  audit_operation_id uuid PRIMARY KEY,
  instance_id text NOT NULL,
  actor_id uuid NOT NULL,
  actor_email text NOT NULL,
  reason text NOT NULL,
  opened_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  reviewed_at timestamptz(3),
  reviewed_by text,
  review_comment text
);
CREATE INDEX IF NOT EXISTS break_glass_opens_unreviewed ON break_glass_opens (opened_at) WHERE reviewed_at IS NULL;

-- Each user's inbox. `subject` names what it is about (a request, a lease, a job), so a producer
-- that runs twice adds nothing the second time.
CREATE TABLE IF NOT EXISTS notifications (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('request_waiting', 'request_approved', 'request_denied', 'request_expired', 'request_failed',
    'login_closing', 'expiry_failed', 'drift_found', 'operation_failed', 'break_glass')),
  subject text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  read_at timestamptz(3),
  UNIQUE (user_id, kind, subject)
);
CREATE INDEX IF NOT EXISTS notifications_unread ON notifications (user_id, id DESC NULLS LAST) WHERE read_at IS NULL;
CREATE INDEX IF NOT EXISTS notifications_user ON notifications (user_id, id DESC NULLS LAST);

-- The login closes-soon notice is sent once per lease.
ALTER TABLE login_leases ADD COLUMN IF NOT EXISTS warned_at timestamptz(3);

-- Schedules (lib/schedules): an action on the instances of a saved view, once or on a cron rule in
-- a time zone, with rate control; each occurrence is claimed once across replicas (schedule_runs).
CREATE TABLE IF NOT EXISTS schedules (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  owner_id uuid NOT NULL,
  owner_email text NOT NULL,
  owner_role text NOT NULL,
  view_id uuid NOT NULL,
  action text NOT NULL CHECK (action IN ('login.open', 'login.close', 'instance.reboot', 'instance.reset')),
  key_name text,
  key_group text,
  duration_minutes integer,
  reason text NOT NULL,
  cron text,
  run_at timestamptz(3),
  time_zone text NOT NULL,
  max_instances integer NOT NULL,
  max_concurrent integer NOT NULL,
  max_per_second double precision NOT NULL,
  stop_failures_count integer,
  stop_failures_percent integer,
  grace_minutes integer NOT NULL DEFAULT 15,
  paused boolean NOT NULL DEFAULT false,
  -- Occurrences up to this instant are handled (run, refused or missed).
  checked_up_to timestamptz(3) NOT NULL,
  next_run_at timestamptz(3),
  -- A schedule that opens logins where the policy asks for approval waits for its request.
  approval_request_id uuid,
  approved boolean NOT NULL DEFAULT true,
  created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  deleted_at timestamptz(3),
  CHECK ((cron IS NULL) <> (run_at IS NULL))
);
CREATE INDEX IF NOT EXISTS schedules_due ON schedules (next_run_at) WHERE deleted_at IS NULL AND NOT paused;

CREATE TABLE IF NOT EXISTS schedule_runs (
  schedule_id uuid NOT NULL,
  occurrence timestamptz(3) NOT NULL,
  state text NOT NULL CHECK (state IN ('started', 'refused', 'missed')),
  job_id uuid,
  reason text,
  at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (schedule_id, occurrence)
);

-- A schedule's approval is a request of its own kind.
ALTER TABLE access_requests DROP CONSTRAINT IF EXISTS access_requests_kind_check;
ALTER TABLE access_requests ADD CONSTRAINT access_requests_kind_check CHECK (kind IN ('login', 'share', 'schedule'));

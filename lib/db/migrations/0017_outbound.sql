-- Outbound (lib/outbound): destinations that receive the audit stream and/or the inbox's
-- notifications (a signed webhook, a DingTalk custom robot, a Slack incoming webhook), and the
-- log of what was delivered to each.
--
-- Two streams, each with its own sequence: `audit` (seq = audit_events.id, the chain position;
-- delivered in that order, one at a time, so a receiver sees every event once its cursor passes
-- it) and `notification` (seq = notifications.id of the first row written for a kind and subject).
-- A destination's cursor per stream is on its row: every event with a seq at or below it has been
-- delivered (or was dead); events past it wait, so events are kept while a destination is paused
-- or its receiver is down. Replay moves a cursor back.
CREATE TABLE IF NOT EXISTS outbound_destinations (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('webhook', 'dingtalk', 'slack')),
  url text NOT NULL,
  -- The webhook's whsec_… or the DingTalk robot's SEC… signing secret; shown once, never logged.
  secret text,
  language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'zh-CN')),
  audit_stream boolean NOT NULL DEFAULT false,
  notifications boolean NOT NULL DEFAULT false,
  -- Action names (audit stream) and notification kinds this destination receives; empty = all.
  filter jsonb NOT NULL DEFAULT '[]'::jsonb,
  paused boolean NOT NULL DEFAULT false,
  -- The cursors: the last audit event id and the last notification id handled.
  last_seq bigint NOT NULL DEFAULT 0,
  last_notification_seq bigint NOT NULL DEFAULT 0,
  -- Retrying the event after the cursor: since when it fails, and when to try again.
  failing_since timestamptz(3),
  retry_at timestamptz(3),
  last_success_at timestamptz(3),
  last_error text,
  created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  deleted_at timestamptz(3),
  CONSTRAINT outbound_destinations_name_check CHECK (char_length(name) BETWEEN 1 AND 80),
  CONSTRAINT outbound_destinations_url_check CHECK (char_length(url) <= 2000)
);
CREATE INDEX IF NOT EXISTS outbound_destinations_active ON outbound_destinations (id) WHERE deleted_at IS NULL AND NOT paused;

-- One row per event and destination: its latest attempt (status null when no HTTP answer came).
CREATE TABLE IF NOT EXISTS outbound_deliveries (
  destination_id uuid NOT NULL,
  stream text NOT NULL CHECK (stream IN ('audit', 'notification')),
  seq bigint NOT NULL,
  -- The webhook-id sent (the same on every attempt and replay of one event, so receivers can deduplicate).
  event_id text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed', 'dead')),
  status integer,
  latency_ms integer,
  attempts integer NOT NULL DEFAULT 1,
  error text,
  first_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (destination_id, stream, seq)
);
CREATE INDEX IF NOT EXISTS outbound_deliveries_log ON outbound_deliveries (destination_id, at DESC);

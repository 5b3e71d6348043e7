-- The outbox (lib/outbound/outbox.ts): which console process delivers to a destination now, and
-- how many attempts in a row have failed (the backoff doubles with each).
--
-- A process claims a destination with a conditional UPDATE (lease_until in the past, or its own)
-- and renews it with every cursor move, so across replicas one process at a time sends a
-- destination's events, in order. A killed process's lease runs out after its term and another
-- takes over; the cursor moved only after each success, so the event in flight is sent again.
ALTER TABLE outbound_destinations ADD COLUMN IF NOT EXISTS lease_owner text;
ALTER TABLE outbound_destinations ADD COLUMN IF NOT EXISTS lease_until timestamptz(3);
ALTER TABLE outbound_destinations ADD COLUMN IF NOT EXISTS failures integer NOT NULL DEFAULT 0;

-- A notification is sent once per kind and subject, as the first row written for them: finding
-- whether a row is the first is one probe here (the inbox's own indexes lead with the user).
CREATE INDEX IF NOT EXISTS notifications_kind_subject ON notifications (kind, subject, id);

-- The fleet index (lib/fleet-index): one console process per deployment lists ENS each refresh
-- period and stores the listing here, compressed; every other process loads it from here instead
-- of listing ENS itself. Only the newest snapshot is kept.
CREATE TABLE IF NOT EXISTS fleet_snapshots (
  id bigserial PRIMARY KEY,
  -- When the listing began (database clock): changes recorded after it are applied on top.
  listed_from timestamptz(3) NOT NULL,
  listed_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  instances integer NOT NULL,
  -- sha256 of the uncompressed rows: a process holding this listing already need not load it again.
  digest text NOT NULL,
  -- gzip of the JSON rows, as base64 text (the same on PostgreSQL and PGlite).
  body text NOT NULL
);

-- What the console changed since the last listing (a login read back after a toggle, an
-- instance's state after a reboot), by instance: applied over the snapshot by every process, and
-- dropped once a listing that began after it has been stored.
CREATE TABLE IF NOT EXISTS fleet_patches (
  instance_id text PRIMARY KEY,
  seq bigserial NOT NULL,
  patch jsonb NOT NULL,
  at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS fleet_patches_seq ON fleet_patches (seq);

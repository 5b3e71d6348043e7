-- Personal keys (lib/personal-keys): each user's own public keys, uploaded to ENS under a name
-- that says whose they are, with the owner and fingerprint kept here, so the console can always say
-- who can log in with an open login's key.
CREATE TABLE IF NOT EXISTS personal_keys (
  key_name text PRIMARY KEY,
  user_id uuid NOT NULL,
  user_email text NOT NULL,
  name text NOT NULL,
  key_type text NOT NULL,
  fingerprint text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
  -- While the upload's answer is awaited; a key whose upload certainly failed is removed.
  uploaded_at timestamptz(3),
  last_used_at timestamptz(3),
  deleted_at timestamptz(3)
);
CREATE INDEX IF NOT EXISTS personal_keys_user ON personal_keys (user_id) WHERE deleted_at IS NULL;

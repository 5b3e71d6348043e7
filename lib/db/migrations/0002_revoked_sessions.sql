-- Sessions ended by sign-out. A session token cannot be recalled, and a request in flight during
-- sign-out can bring back a re-issued cookie; the server refuses every token of a revoked session
-- (one row per user and sign-in time, kept until the session would have expired anyway).
CREATE TABLE IF NOT EXISTS revoked_sessions (
  user_id uuid NOT NULL,
  login_at bigint NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, login_at)
);

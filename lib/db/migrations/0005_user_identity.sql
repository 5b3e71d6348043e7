-- SSO identities are bound to (issuer, subject), never to an email alone; a password reset or a
-- disable ends the user's existing sessions (sessions signed in before sessions_valid_after).
ALTER TABLE users ADD COLUMN IF NOT EXISTS sso_issuer text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS sso_subject text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS sessions_valid_after timestamptz;
ALTER TABLE users ADD CONSTRAINT users_sso_identity_whole CHECK ((sso_issuer IS NULL) = (sso_subject IS NULL));
CREATE UNIQUE INDEX IF NOT EXISTS users_sso_identity ON users (sso_issuer, sso_subject);

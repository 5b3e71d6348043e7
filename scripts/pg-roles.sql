-- The console's PostgreSQL role: it may read and append the audit tables, never change them, and has
-- the ordinary rights on the other tables. It owns nothing, so it cannot disable the append-only
-- triggers either. Run this as the database's owner (the role that runs the migrations, set in
-- DATABASE_MIGRATION_URL), in the console's database, before or after the migrations; it is
-- idempotent. Give the role a password yourself (ALTER ROLE aic_console PASSWORD '…') unless your
-- pg_hba.conf authenticates it otherwise. See docs/audit.md.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aic_console') THEN
    CREATE ROLE aic_console LOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- created meanwhile by another session
END;
$$;

GRANT USAGE ON SCHEMA public TO aic_console;

-- Tables and sequences the owner creates later (new migrations) get the ordinary rights.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO aic_console;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO aic_console;

-- Tables that exist already, then the audit tables' narrower terms (the migrations that create
-- them apply the same terms when this role exists).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO aic_console;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO aic_console;
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['audit_events', 'audit_checkpoints'] LOOP
    IF to_regclass('public.' || t) IS NOT NULL THEN
      EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON %I FROM aic_console', t);
      EXECUTE format('GRANT SELECT, INSERT ON %I TO aic_console', t);
    END IF;
  END LOOP;
END;
$$;

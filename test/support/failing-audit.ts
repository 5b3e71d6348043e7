import type { DbHandle } from "@/lib/db/client";

/** Makes every audit write of `action` fail, as a full disk or a lost connection would. */
export async function failAuditWrites(h: Pick<DbHandle, "exec">, action: string): Promise<void> {
  const quoted = action.replace(/'/g, "''");
  await h.exec(`
    CREATE OR REPLACE FUNCTION test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.action = '${quoted}' THEN RAISE EXCEPTION 'audit write failed (test)'; END IF;
      RETURN NEW;
    END $$;
    DROP TRIGGER IF EXISTS test_fail_audit ON audit_events;
    CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_fail_audit();
  `);
}

export async function restoreAuditWrites(h: Pick<DbHandle, "exec">): Promise<void> {
  await h.exec("DROP TRIGGER IF EXISTS test_fail_audit ON audit_events");
}

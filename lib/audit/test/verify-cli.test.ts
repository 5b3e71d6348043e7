import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { appendEvent } from "@/lib/audit/append";
import { openDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { BACKENDS, sharedDb } from "@/test/support/db";

const run = promisify(execFile);

async function verifyCli(env: Record<string, string>): Promise<{ code: number; out: string }> {
  const tsx = path.resolve("node_modules/.bin/tsx");
  try {
    const { stdout } = await run(tsx, ["scripts/audit-verify.ts"], { env: { ...process.env, DATABASE_URL: "", ...env } });
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe.each(BACKENDS)("npm run audit:verify on %s", (kind) => {
  it("reports intact, then names the event altered behind the trigger's back", async () => {
    const shared = await sharedDb(kind);
    try {
      let h = await openDb(shared.env);
      await migrate(h);
      const ids: number[] = [];
      for (let i = 0; i < 6; i++) {
        const e = await appendEvent(h.db, { operationId: randomUUID(), actor: { id: "u", email: "a@x.test", role: "admin" }, action: "key.delete", target: { type: "key", id: `k${i}` }, phase: "completed", outcome: "success" });
        ids.push(e.id);
      }
      await h.close();

      const ok = await verifyCli(shared.env);
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/^intact: 6 events, head [0-9a-f]{64}/m);

      h = await openDb(shared.env);
      await h.exec(`BEGIN; ALTER TABLE audit_events DISABLE TRIGGER USER; UPDATE audit_events SET target_id = 'k-forged' WHERE id = ${ids[3]}; ALTER TABLE audit_events ENABLE TRIGGER USER; COMMIT;`);
      await h.close();

      const broken = await verifyCli(shared.env);
      expect(broken.code).toBe(1);
      expect(broken.out).toContain(`BROKEN at event ${ids[3]}: content does not match its hash`);
    } finally {
      await shared.cleanup();
    }
  }, 60_000);
});

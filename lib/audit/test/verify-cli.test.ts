import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { appendEvent } from "@/lib/audit/append";
import { exportStream } from "@/lib/audit/export";
import { historyFilterSchema } from "@/lib/audit/filter";
import { openDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { BACKENDS, sharedDb } from "@/test/support/db";
import { testSigningKey } from "./signing-key";

const run = promisify(execFile);

async function verifyCli(
  env: Record<string, string>,
  args: string[] = [],
  script = "scripts/audit-verify.ts",
): Promise<{ code: number; out: string }> {
  const tsx = path.resolve("node_modules/.bin/tsx");
  try {
    const { stdout } = await run(tsx, [script, ...args], { env: { ...process.env, DATABASE_URL: "", AUDIT_SIGNING_KEY_FILE: "", ...env } });
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
        const e = await appendEvent(h.db, {
          operationId: randomUUID(),
          actor: { id: "u", email: "a@x.test", role: "admin" },
          action: "key.delete",
          target: { type: "key", id: `k${i}` },
          phase: "completed",
          outcome: "success",
        });
        ids.push(e.id);
      }
      await h.close();

      const ok = await verifyCli(shared.env);
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/^intact: 6 events, head [0-9a-f]{64}/m);

      h = await openDb(shared.env);
      await h.exec(
        `BEGIN; ALTER TABLE audit_events DISABLE TRIGGER USER; UPDATE audit_events SET target_id = 'k-forged' WHERE id = ${ids[3]}; ALTER TABLE audit_events ENABLE TRIGGER USER; COMMIT;`,
      );
      await h.close();

      const broken = await verifyCli(shared.env);
      expect(broken.code).toBe(1);
      expect(broken.out).toContain(`BROKEN at event ${ids[3]}: content does not match its hash`);

      // Three tampered events: all three named, not just the first.
      h = await openDb(shared.env);
      await h.exec(
        `BEGIN; ALTER TABLE audit_events DISABLE TRIGGER USER; UPDATE audit_events SET outcome = 'failure' WHERE id = ${ids[0]}; DELETE FROM audit_events WHERE id = ${ids[4]}; ALTER TABLE audit_events ENABLE TRIGGER USER; COMMIT;`,
      );
      await h.close();
      const three = await verifyCli(shared.env);
      expect(three.code).toBe(1);
      for (const id of [ids[0], ids[3], ids[5]]) expect(three.out).toMatch(new RegExp(`^BROKEN at event ${id}: `, "m"));
      expect(three.out).toMatch(/^3 broken of 5 events; unanchored/m);
    } finally {
      await shared.cleanup();
    }
  }, 150_000);
});

describe.each(BACKENDS)("signed checkpoints from the command line on %s", (kind) => {
  it("audit:checkpoint signs, audit:verify anchors; an export verifies offline and an altered one does not", async () => {
    const shared = await sharedDb(kind);
    const key = testSigningKey();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aic-export-"));
    try {
      const h = await openDb(shared.env);
      await migrate(h);
      for (let i = 0; i < 4; i++)
        await appendEvent(h.db, {
          operationId: randomUUID(),
          action: "key.delete",
          target: { type: "key", id: `k${i}` },
          phase: "completed",
          outcome: "success",
        });
      const file = path.join(dir, "export.jsonl");
      fs.writeFileSync(
        file,
        await new Response(exportStream(h.db, historyFilterSchema.parse({}), { format: "jsonl", signingKey: key })).text(),
      );
      await h.close();

      const env = { ...shared.env, AUDIT_SIGNING_KEY_FILE: key.privateFile };
      const signed = await verifyCli(env, [], "scripts/audit-checkpoint.ts");
      expect(signed.code).toBe(0);
      expect(signed.out).toMatch(/^checkpoint 2: 4 events, head \d+ [0-9a-f]{64}, signed /m);
      const db = await verifyCli(shared.env, ["--public-key", key.publicFile]);
      expect(db.code).toBe(0);
      expect(db.out).toMatch(/^intact: 4 events, head [0-9a-f]{64}\nanchored at checkpoint 2 \(4 events, signed /m);
      expect((await verifyCli(shared.env)).out).toMatch(/^unanchored: no public key/m);

      const offline = await verifyCli({}, ["--file", file, "--public-key", key.publicFile]);
      expect(offline.code).toBe(0);
      expect(offline.out).toContain("content: 4 of 4 events match their hash");
      expect(offline.out).toMatch(/anchored: 4 events chain back to checkpoint 1 \(4 events, head \d+, signed .*\), signature verified/);
      expect(offline.out).toMatch(/^complete: the file holds the whole chain up to the checkpoint\nintact$/m);

      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('"outcome":"success"', '"outcome":"failure"'));
      const altered = await verifyCli({}, ["--file", file, "--public-key", key.publicFile]);
      expect(altered.code).toBe(1);
      expect(altered.out).toMatch(/^BROKEN at line 1 \(event \d+\): "outcome" on the line does not match its events$/m);
    } finally {
      key.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
      await shared.cleanup();
    }
  }, 90_000);
});

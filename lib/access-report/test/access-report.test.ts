import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvents } from "@/lib/audit/append";
import { verifyExport } from "@/lib/audit/verify-export";
import { listIntervals } from "@/lib/access-report/query";
import { reportExportStream } from "@/lib/access-report/export";
import { REPORT_LINE_KINDS } from "@/lib/access-report/verify";
import { readStanding } from "@/lib/access-report/standing";
import { testSigningKey } from "@/lib/audit/test/signing-key";
import { BACKENDS, freshDb } from "@/test/support/db";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const OPERATOR = { id: "u-op", email: "op@report.test", role: "operator" };
const EXPIRY = { id: null, email: "system:expiry", role: "system" };
const DRIFT = { id: null, email: "system:drift", role: "system" };
const I = "aic-report-1";
const OTHER = "aic-report-2";
const inst = (id: string) => ({ type: "instance", id });

describe.each(BACKENDS)("access report on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  let t0: Date;
  let afterOpen: Date;
  let tEnd: Date;
  const openOp = randomUUID();
  const closeOp = randomUUID();
  const driftOp = randomUUID();

  beforeAll(async () => {
    h = await freshDb(kind);
    const aliceId = randomUUID();
    await h.db.execute(sql`INSERT INTO personal_keys (key_name, user_id, user_email, name, key_type, fingerprint)
      VALUES ('alice-laptop', ${aliceId}::uuid, 'alice@report.test', 'laptop', 'ssh-ed25519', 'SHA256:x')`);
    t0 = new Date(Date.now() - 1000);
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const params = { action: "open", keyName: "alice-laptop", keyGroup: null, reason: "TICKET-1 debug", durationMinutes: 60, expiresAt };
    await appendEvents(h.db, [
      { operationId: openOp, actor: OPERATOR, action: "login.open", target: inst(I), params, phase: "requested" },
      { operationId: openOp, actor: OPERATOR, action: "login.open", target: inst(I), phase: "completed", outcome: "success" },
    ]);
    // Noise: another instance's open, and a reboot of this one.
    const other = randomUUID();
    await appendEvents(h.db, [
      {
        operationId: other,
        actor: OPERATOR,
        action: "login.open",
        target: inst(OTHER),
        params: { ...params, keyName: "k2" },
        phase: "requested",
      },
      { operationId: other, actor: OPERATOR, action: "login.open", target: inst(OTHER), phase: "completed", outcome: "success" },
      { operationId: randomUUID(), actor: OPERATOR, action: "instance.reboot", target: inst(I), phase: "completed", outcome: "success" },
    ]);
    await sleep(20);
    afterOpen = new Date();
    await sleep(20);
    const extended = new Date(Date.now() + 7_200_000).toISOString();
    await appendEvents(h.db, [
      {
        operationId: randomUUID(),
        actor: OPERATOR,
        action: "login.extend",
        target: inst(I),
        params: { instanceId: I, minutes: 60 },
        phase: "completed",
        outcome: "success",
        result: { previousExpiresAt: expiresAt, expiresAt: extended },
      },
    ]);
    // A close that failed ends nothing; the expiry's close does.
    const failed = randomUUID();
    const expiry = { expiry: { openOperationId: openOp, openedBy: OPERATOR.email, reason: "TICKET-1 debug", expiresAt: extended } };
    await appendEvents(h.db, [
      { operationId: failed, actor: EXPIRY, action: "login.close", target: inst(I), params: expiry, phase: "requested" },
      {
        operationId: failed,
        actor: EXPIRY,
        action: "login.close",
        target: inst(I),
        phase: "completed",
        outcome: "failure",
        errorCode: "InternalError",
      },
      { operationId: closeOp, actor: EXPIRY, action: "login.close", target: inst(I), params: expiry, phase: "requested" },
      { operationId: closeOp, actor: EXPIRY, action: "login.close", target: inst(I), phase: "completed", outcome: "success" },
    ]);
    await appendEvents(h.db, [
      {
        operationId: driftOp,
        actor: DRIFT,
        action: "login.drift_found",
        target: inst(I),
        params: { keys: ["ops-shared"], listedAt: new Date().toISOString() },
        phase: "completed",
        outcome: "success",
      },
    ]);
    tEnd = new Date(Date.now() + 1000);
  });
  afterAll(async () => h?.drop());

  it("lists exactly the open (extended, closed at expiry) and the drift finding for the instance", async () => {
    const page = await listIntervals(h.db, { instance: I, from: t0.toISOString(), to: tEnd.toISOString() });
    expect(page.rows.map((r) => r.fields.openOperationId)).toEqual([driftOp, openOp]);
    const [drift, open] = page.rows.map((r) => r.fields);
    expect(drift).toMatchObject({
      instanceId: I,
      origin: "outside",
      keys: ["ops-shared"],
      openedBy: "system:drift",
      to: null,
      ending: "open",
    });
    expect(open).toMatchObject({
      instanceId: I,
      origin: "console",
      keyName: "alice-laptop",
      openedBy: OPERATOR.email,
      reason: "TICKET-1 debug",
      ending: "expiry",
      endedBy: "system:expiry",
      endOperationId: closeOp,
    });
    expect(open.extends).toHaveLength(1);
    expect(open.expiresAt).toBe(open.extends[0].expiresAt);
    expect(open.to).not.toBeNull();
    expect(page.rows[1].keyOwner?.email).toBe("alice@report.test");
    expect(page.older).toBeNull();
  });

  it("an interval opened before the range and still open in it is listed; pages follow the keyset", async () => {
    const inside = await listIntervals(h.db, { instance: I, from: afterOpen.toISOString(), to: tEnd.toISOString() });
    expect(inside.rows.map((r) => r.fields.openOperationId)).toEqual([driftOp, openOp]);
    const first = await listIntervals(h.db, { instance: I, from: t0.toISOString(), to: tEnd.toISOString() }, { limit: 1 });
    expect(first.rows.map((r) => r.fields.openOperationId)).toEqual([driftOp]);
    const second = await listIntervals(
      h.db,
      { instance: I, from: t0.toISOString(), to: tEnd.toISOString() },
      { limit: 1, before: first.older },
    );
    expect(second.rows.map((r) => r.fields.openOperationId)).toEqual([openOp]);
    expect(second.older).toBeNull();
  });

  it("by user (opener or key owner) and across instances", async () => {
    const alice = await listIntervals(h.db, { user: "alice@report.test", from: t0.toISOString(), to: tEnd.toISOString() });
    expect(alice.rows.map((r) => r.fields.openOperationId)).toEqual([openOp]);
    const all = await listIntervals(h.db, { prefix: "aic-report-", from: t0.toISOString(), to: tEnd.toISOString() });
    expect(all.rows).toHaveLength(3);
    const none = await listIntervals(h.db, { instance: I, from: "2020-01-01", to: "2020-01-02" });
    expect(none.rows).toEqual([]);
  });

  it("the JSON Lines export verifies offline; a tampered line fails", async () => {
    const key = testSigningKey();
    const text = await new Response(
      reportExportStream(h.db, { instance: I, from: t0.toISOString(), to: tEnd.toISOString() }, { format: "jsonl", signingKey: key }),
    ).text();
    const lines = text.trim().split("\n");
    expect(lines).toHaveLength(3);
    const ok = verifyExport(text, key.publicKey, REPORT_LINE_KINDS);
    expect(ok.problems).toEqual([]);
    expect(ok.ok).toBe(true);
    expect(ok.checkpoint.status).toBe("verified");
    expect(ok.anchored).toBeGreaterThan(0);

    // An edited derived field (who ended it) no longer matches its events.
    const edited = text.replace('"endedBy":"system:expiry"', '"endedBy":"op@report.test"');
    expect(edited).not.toBe(text);
    const r1 = verifyExport(edited, key.publicKey, REPORT_LINE_KINDS);
    expect(r1.ok).toBe(false);
    expect(r1.problems.map((p) => p.reason).join()).toMatch(/endedBy/);
    // An edited event (its reason) no longer matches its hash.
    const line = JSON.parse(lines[1]);
    line.operations[0].requested.params.reason = "nothing to see";
    const r2 = verifyExport([lines[0], JSON.stringify(line), lines[2]].join("\n"), key.publicKey, REPORT_LINE_KINDS);
    expect(r2.ok).toBe(false);
    expect(r2.problems.map((p) => p.reason).join()).toMatch(/altered/);

    if (kind === "pglite") {
      // Through the command auditors run.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aic-report-"));
      try {
        fs.writeFileSync(path.join(dir, "r.jsonl"), text);
        fs.writeFileSync(path.join(dir, "bad.jsonl"), edited);
        fs.writeFileSync(path.join(dir, "pub.pem"), key.publicKey.export({ type: "spki", format: "pem" }));
        const cli = (f: string) => {
          try {
            return {
              code: 0,
              out: execFileSync(
                "npx",
                ["tsx", "scripts/audit-verify.ts", "--file", path.join(dir, f), "--public-key", path.join(dir, "pub.pem")],
                { encoding: "utf8" },
              ),
            };
          } catch (e) {
            const err = e as { status: number; stdout: string };
            return { code: err.status, out: err.stdout };
          }
        };
        const good = cli("r.jsonl");
        expect(good.out).toMatch(/intact/);
        expect(good.code).toBe(0);
        const bad = cli("bad.jsonl");
        expect(bad.code).toBe(1);
        expect(bad.out).toMatch(/BROKEN/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 60_000);

  it("CSV export and standing access", async () => {
    const csv = await new Response(
      reportExportStream(h.db, { instance: I, from: t0.toISOString(), to: tEnd.toISOString() }, { format: "csv", signingKey: null }),
    ).text();
    expect(csv.trim().split("\r\n")).toHaveLength(3);
    expect(csv).toContain('"expiry"');
    const standing = await readStanding(h.db, 90, new Date(Date.now() + 100 * 86_400_000));
    expect(standing.staleKeys.map((k) => k.keyName)).toEqual(["alice-laptop"]);
  });
});

// Offboarding (issue 30) under process death, on a built console and PostgreSQL. A user has 200
// logins open with their personal key; an admin disables them through the server action, and the
// console is killed with `-9` while the offboarding's closes run (ENS slow). After a restart the
// offboarding finishes: every login closed exactly once (the emulator's per-instance count of
// applied ManageAICLogin grew by one), the key deleted exactly once (one DeleteAICPublicKey), one
// completed login.close per instance by system:offboarding, and the chain verifies.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { verifyChain } from "@/lib/audit/verify";
import { queryRows } from "@/lib/db/client";
import { clientFor } from "@/lib/ens/test/emulator-helpers";
import { postgresReachable } from "../support/db";
import {
  actionId,
  built,
  callAction,
  DIST_DIR,
  emulatorCalls,
  login,
  setFaults,
  startConsoleProcess,
  throwawayDb,
  type ConsoleProcess,
  type ThrowawayDb,
} from "./console-process";

const PORT = Number(process.env.RELIABILITY_OFFBOARDING_PORT ?? 3600);
const EMU_PORT = Number(process.env.RELIABILITY_OFFBOARDING_EMULATOR_PORT ?? 18960);
const ADMIN = "offb-admin@rel.test";
const LEAVER = "offb-leaver@rel.test";
const LOGINS = 200;
const LATENCY_MS = 250;
const canRun = built() && (await postgresReachable());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!canRun)(`offboarding across kill -9 (${DIST_DIR}, PostgreSQL)`, () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let db: ThrowawayDb;
  const procs: ConsoleProcess[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ port: EMU_PORT, servers: 30, aicsPerServer: 8, qps: 0 });
    db = await throwawayDb("offboarding", [
      { email: ADMIN, role: "admin" },
      { email: LEAVER, role: "requester" },
    ]);
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill9()));
    await db?.drop();
    await emu?.close();
  });

  const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(db.handle.db, q);
  const start = () =>
    startConsoleProcess(PORT, db.consoleUrl, emu.endpoint, {
      DATABASE_MIGRATION_URL: db.url,
      CONSOLE_PROCESS_DEAD_AFTER_MS: "3000",
    }).then((p) => (procs.push(p), p));
  const logs = () =>
    procs
      .map((p, i) => {
        const told = p
          .log()
          .split("\n")
          .filter((l) => /"component":"(action|engine|offboarding)"|"level":"(warn|error|fatal)"/.test(l));
        return `--- console ${i} ---\n${told.slice(-30).join("\n").slice(-6000)}`;
      })
      .join("\n");
  const applied = async () =>
    ((await (await fetch(`${emu.url}/__emulator/calls`)).json()) as { appliedByInstance: Record<string, Record<string, number>> })
      .appliedByInstance.ManageAICLogin ?? {};

  it("kill -9 in the middle of an offboarding of 200 logins: after the restart each login is closed once and the key deleted once", async () => {
    const ens = clientFor(emu);
    const [leaver] = await rows<{ id: string }>(sql`SELECT id::text AS id FROM users WHERE email = ${LEAVER}`);
    // The leaver's personal key, as My keys uploads it (the owner row, then ENS), with 200 logins open.
    const keyName = `u${leaver.id.replace(/-/g, "").slice(0, 12)}-laptop`;
    await db.handle.db.execute(
      sql`INSERT INTO personal_keys (key_name, user_id, user_email, name, key_type, fingerprint, uploaded_at)
        VALUES (${keyName}, ${leaver.id}::uuid, ${LEAVER}, 'laptop', 'adb', 'SHA256:offboarding-test', clock_timestamp())`,
    );
    await ens.uploadAicPublicKey({
      KeyName: keyName,
      KeyType: "adb",
      Content: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOffboardingReliabilityKey00000000000000000 me@laptop",
    });
    const instances = (await ens.listAllAicInstances()).map((r) => r.InstanceId).slice(0, LOGINS);
    expect(instances).toHaveLength(LOGINS);
    for (let i = 0; i < instances.length; i += 20)
      await Promise.all(
        instances.slice(i, i + 20).map((id) => ens.manageAicLogin({ InstanceId: id, ActionName: "open", KeyName: keyName })),
      );
    const before = await applied();
    const deletesBefore = (await emulatorCalls(emu.url)).byAction.DeleteAICPublicKey?.received ?? 0;

    const first = await start();
    const cookie = await login(first.url, ADMIN);
    await setFaults(emu.url, { latencyMs: LATENCY_MS, actions: ["ManageAICLogin"] });
    const r = await callAction(
      first.url,
      cookie,
      actionId("setUserDisabled", "lib/actions/users.ts"),
      [{ email: LEAVER, disabled: true }],
      "/users",
    );
    expect(r.ok, r.body).toBe(true);
    const jobId = /"offboardingOperationId":"([0-9a-f-]{36})"/.exec(r.body)?.[1];
    expect(jobId, r.body).toBeDefined();

    // Killed while the closes run: some ended, some in flight, most not started.
    const ended = () =>
      rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM operation_items WHERE operation_id = ${jobId}::uuid AND state IN ('ok', 'failed', 'unknown')`,
      ).then(([x]) => Number(x.n));
    for (const until = Date.now() + 60_000; (await ended()) < 40; await sleep(50))
      if (Date.now() > until) throw new Error(`the offboarding did not start closing: ${await ended()} ended\n${logs()}`);
    await first.kill9();
    const atKill = await ended();
    expect(atKill, "killed in the middle").toBeLessThan(LOGINS);

    const restarted = Date.now();
    await start();
    const until = Date.now() + 120_000;
    for (;;) {
      const [op] = await rows<{ finished: boolean }>(
        sql`SELECT finished_at IS NOT NULL AS finished FROM operations WHERE id = ${jobId}::uuid`,
      );
      if (op?.finished) break;
      if (Date.now() > until) throw new Error(`the offboarding did not finish after the restart\n${logs()}`);
      await sleep(250);
    }
    await setFaults(emu.url, {});
    console.info(
      `offboarding: killed at ${atKill} of ${LOGINS} closes ended; finished ${Date.now() - restarted} ms after the restart began`,
    );

    // Every item ok: 200 closes and the key's deletion.
    const items = await rows<{ state: string; n: number }>(
      sql`SELECT state, count(*)::int AS n FROM operation_items WHERE operation_id = ${jobId}::uuid GROUP BY state`,
    );
    expect(
      items.map((i) => [i.state, Number(i.n)]),
      logs(),
    ).toEqual([["ok", LOGINS + 1]]);
    // ENS: each login closed exactly once, the key deleted exactly once, nothing left.
    const after = await applied();
    const closes = instances.map((id) => (after[id] ?? 0) - (before[id] ?? 0));
    expect(
      closes.filter((n) => n !== 1),
      `instances closed other than once (killed at ${atKill} of ${LOGINS})`,
    ).toEqual([]);
    expect(((await emulatorCalls(emu.url)).byAction.DeleteAICPublicKey?.received ?? 0) - deletesBefore).toBe(1);
    expect((await ens.listAllPublicKeyDeliveries({ KeyName: keyName })).filter((d) => d.KeyName === keyName)).toEqual([]);
    expect(((await ens.listAicPublicKeys({ KeyName: keyName })).PublicKeys ?? []).filter((k) => k.KeyName === keyName)).toEqual([]);
    const [key] = await rows<{ deleted: boolean }>(
      sql`SELECT deleted_at IS NOT NULL AS deleted FROM personal_keys WHERE key_name = ${keyName}`,
    );
    expect(key.deleted).toBe(true);
    // The log: per instance one successful login.close by system:offboarding, every requested one
    // completed (a close the kill kept from ENS is recorded Console.NotApplied, then run again).
    const events = await rows<{ target_id: string; requested: number; completed: number; ok: number; not_applied: number }>(
      sql`SELECT target_id, count(*) FILTER (WHERE phase = 'requested')::int AS requested,
          count(*) FILTER (WHERE phase = 'completed')::int AS completed,
          count(*) FILTER (WHERE phase = 'completed' AND outcome = 'success')::int AS ok,
          count(*) FILTER (WHERE phase = 'completed' AND error_code = 'Console.NotApplied')::int AS not_applied
        FROM audit_events WHERE action = 'login.close' AND bulk_id = ${jobId} AND actor_email = 'system:offboarding' GROUP BY target_id`,
    );
    expect(events).toHaveLength(LOGINS);
    expect(events.filter((e) => Number(e.ok) !== 1 || Number(e.requested) !== Number(e.completed))).toEqual([]);
    expect(events.filter((e) => Number(e.requested) !== 1 + Number(e.not_applied))).toEqual([]);
    const retried = events.filter((e) => Number(e.not_applied) > 0).length;
    const deletes = await rows<{ outcome: string }>(
      sql`SELECT outcome FROM audit_events WHERE action = 'key.delete_personal' AND bulk_id = ${jobId} AND phase = 'completed'`,
    );
    expect(deletes).toEqual([{ outcome: "success" }]);
    console.info(`offboarding: ${retried} close(s) the kill kept from ENS were run again`);
    expect((await verifyChain(db.handle.db)).intact).toBe(true);
  });
});

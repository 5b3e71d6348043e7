// Operations engine under process death: built consoles run bulk operations (pg-boss chunks on
// the console's PostgreSQL) while ENS is slow, and are killed with `-9` mid-run. A restarted
// process, or the surviving replica, must finish every item: each item one audited operation with
// exactly one `completed`, no reboot applied twice, a login change read back rather than re-sent,
// and one verified chain.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { verifyChain } from "@/lib/audit/verify";
import { queryRows, type Db } from "@/lib/db/client";
import type { JobDetailView } from "@/lib/jobs/types";
import { postgresReachable } from "../support/db";
import {
  actionId,
  built,
  fleetInstanceIds,
  callAction,
  DIST_DIR,
  login,
  readOp,
  setFaults,
  startConsoleProcess,
  throwawayDb,
  type ConsoleProcess,
  type ThrowawayDb,
} from "./console-process";

const PORT = Number(process.env.RELIABILITY_ENGINE_PORT ?? 3344);
const REPLICA_PORTS = [
  Number(process.env.RELIABILITY_ENGINE_REPLICA_PORT_A ?? 3345),
  Number(process.env.RELIABILITY_ENGINE_REPLICA_PORT_B ?? 3346),
];
const EMU_PORT = Number(process.env.RELIABILITY_ENGINE_EMULATOR_PORT ?? 18844);
const SERVERS = 75; // × 8 = 600 instances: two 300-item operations on distinct instances
const LATENCY_MS = 150;
const DEAD_AFTER_MS = "4000";
const canRun = built() && (await postgresReachable());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until every operation has ended (finished or cancelled), or throws after `timeoutMs`. */
async function untilEnded(baseUrl: string, cookie: string, ids: string[], timeoutMs: number, log: () => string, db: Db) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ops = await Promise.all(ids.map((id) => readOp(baseUrl, cookie, id)));
    if (ops.every((o) => o.state === "finished" || o.state === "cancelled")) return ops;
    if (Date.now() > until)
      throw new Error(
        `not ended after ${timeoutMs} ms: ${ops.map((o) => `${o.kind} ${o.statusText}`).join("; ")}\n${await leftOver(db, ids)}\n${log().slice(-4000)}`,
      );
    await sleep(500);
  }
}

/** For a failure message: the unfinished items, who holds them, and the queue's jobs for their chunks. */
async function leftOver(db: Db, opIds: string[]): Promise<string> {
  const items = await queryRows(
    db,
    sql`SELECT operation_id, chunk, state, owner, job_id, count(*) AS n,
        (SELECT json_agg(json_build_object('id', p.id, 'beat', p.heartbeat_at)) FROM console_processes p) AS processes
      FROM operation_items WHERE operation_id IN ${sql.raw(`(${opIds.map((i) => `'${i}'`).join(",")})`)} AND state IN ('pending', 'running')
      GROUP BY operation_id, chunk, state, owner, job_id`,
  );
  const jobs = await queryRows(
    db,
    sql`SELECT id, state, data, retry_count, started_on, created_on FROM pgboss.job WHERE name = 'aic-operation-chunk'
      AND (data->>'operationId', (data->>'chunk')::int) IN (SELECT operation_id::text, chunk FROM operation_items
        WHERE operation_id IN ${sql.raw(`(${opIds.map((i) => `'${i}'`).join(",")})`)} AND state IN ('pending', 'running'))`,
  );
  return `unfinished items: ${JSON.stringify(items)}\njobs of their chunks: ${JSON.stringify(jobs)}`;
}

interface AuditPair {
  operation_id: string;
  target_id: string;
  requested: string;
  completed: string;
  outcome: string | null;
}

/** Per audit operation of the bulk run: how many `requested` and `completed` events, and the outcome. */
const auditPairs = (db: Db, bulkId: string) =>
  queryRows<AuditPair>(
    db,
    sql`SELECT operation_id, max(target_id) AS target_id,
        count(*) FILTER (WHERE phase = 'requested') AS requested,
        count(*) FILTER (WHERE phase = 'completed') AS completed,
        max(outcome) FILTER (WHERE phase = 'completed') AS outcome
      FROM audit_events WHERE bulk_id = ${bulkId} GROUP BY operation_id`,
  );

interface Progress {
  done: number;
  /** Audit operations with a `requested` and no `completed`: calls that may be out. */
  open: number;
}

/** Read as the owner straight from the database: cheaper than the route, and exact once the process is gone. */
const progress = (db: Db, opIds: string[]): Promise<Progress[]> =>
  Promise.all(
    opIds.map(async (id) => {
      const [row] = await queryRows<{ done: string; open: string }>(
        db,
        sql`SELECT (SELECT count(*) FROM operation_items WHERE operation_id = ${id} AND state NOT IN ('pending', 'running')) AS done,
          (SELECT count(*) FROM audit_events r WHERE r.bulk_id = ${id} AND r.phase = 'requested'
            AND NOT EXISTS (SELECT 1 FROM audit_events c WHERE c.operation_id = r.operation_id AND c.phase = 'completed')) AS open`,
      );
      return { done: Number(row.done), open: Number(row.open) };
    }),
  );

/** Unfinished items and who holds them (the process that leased their chunk), or after the run, who held them last. */
const owners = async (db: Db, opId: string) =>
  new Map(
    (
      await queryRows<{ seq: number; owner: string | null; state: string }>(
        db,
        sql`SELECT seq, owner, state FROM operation_items WHERE operation_id = ${opId}`,
      )
    ).map((r) => [r.seq, r]),
  );

/** Chunks whose job a process has taken (active) but whose items it has not leased yet. */
const fetchedNotLeased = async (db: Db) =>
  Number(
    (
      await queryRows<{ n: string }>(
        db,
        sql`SELECT count(*) AS n FROM pgboss.job j WHERE j.name = 'aic-operation-chunk' AND j.state = 'active'
          AND EXISTS (SELECT 1 FROM operation_items i WHERE i.operation_id::text = j.data->>'operationId' AND i.chunk = (j.data->>'chunk')::int
            AND i.state = 'pending' AND i.owner IS NULL)`,
      )
    )[0].n,
  );

/** Every item the dead process held unfinished was leased again by another process, which ended it. */
async function expectTakenOver(db: Db, opId: string, atKill: Awaited<ReturnType<typeof owners>>, dead: string): Promise<number> {
  const after = await owners(db, opId);
  let held = 0;
  for (const [seq, k] of atKill) {
    if (k.owner !== dead || !["pending", "running"].includes(k.state)) continue;
    held++;
    expect(after.get(seq)?.owner, `item ${seq} of ${opId}`).not.toBe(dead);
  }
  return held;
}

const applied = async (emulatorUrl: string): Promise<Record<string, Record<string, number>>> =>
  ((await (await fetch(`${emulatorUrl}/__emulator/calls`)).json()) as { appliedByInstance: Record<string, Record<string, number>> })
    .appliedByInstance;

/** Every item ended, and each is one audited operation on its instance with one `requested` and one `completed`. */
async function expectEachItemAuditedOnce(db: Db, op: JobDetailView, targets: string[]) {
  expect(op.total).toBe(targets.length);
  expect([op.counts.pending, op.counts.running, op.counts.cancelled], op.statusText).toEqual([0, 0, 0]);
  expect(op.counts.ok + op.counts.failed + op.counts.unknown).toBe(targets.length);
  const pairs = await auditPairs(db, op.id);
  expect(pairs).toHaveLength(targets.length);
  for (const p of pairs) expect([Number(p.requested), Number(p.completed)], `${op.kind} ${p.operation_id}`).toEqual([1, 1]);
  expect(new Set(pairs.map((p) => p.target_id))).toEqual(new Set(targets));
  // The item rows name the same audit operations, with the same outcome.
  const items = await queryRows<{ audit_operation_id: string; state: string }>(
    db,
    sql`SELECT audit_operation_id, state FROM operation_items WHERE operation_id = ${op.id}`,
  );
  const outcomeOf = new Map(pairs.map((p) => [p.operation_id, p.outcome]));
  const stateFor = { success: "ok", failure: "failed", unknown: "unknown" } as Record<string, string>;
  for (const i of items) expect(stateFor[outcomeOf.get(i.audit_operation_id) ?? ""], i.audit_operation_id).toBe(i.state);
  return pairs;
}

describe.skipIf(!canRun)(`operations engine across kill -9 (${DIST_DIR}, PostgreSQL)`, () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let ids: string[];
  const dbs: ThrowawayDb[] = [];
  const procs: ConsoleProcess[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ port: EMU_PORT, servers: SERVERS, aicsPerServer: 8 });
    ids = await fleetInstanceIds(SERVERS * 8, SERVERS);
    expect(ids).toHaveLength(SERVERS * 8);
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill9()));
    for (const db of dbs) await db.drop();
    await emu?.close();
  });

  /** As in production: the console runs as aic_console, the owner only migrates. */
  const start = (port: number, db: ThrowawayDb) =>
    startConsoleProcess(port, db.consoleUrl, emu.endpoint, {
      DATABASE_MIGRATION_URL: db.url,
      CONSOLE_PROCESS_DEAD_AFTER_MS: DEAD_AFTER_MS,
    }).then((p) => (procs.push(p), p));

  const slowEns = () => setFaults(emu.url, { latencyMs: LATENCY_MS, actions: ["RebootAICInstance", "ManageAICLogin"] });

  it("a restarted console finishes a 300-item reboot and a 300-item close killed mid-run: no reboot sent twice, each item completed once", async () => {
    await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
    const db = await throwawayDb("engine_kill", [{ email: "engine-op@rel.test", role: "operator" }]);
    dbs.push(db);
    const rebootIds = ids.slice(0, 300);
    const closeIds = ids.slice(300, 600);

    let proc = await start(PORT, db);
    let cookie = await login(proc.url, "engine-op@rel.test");
    await slowEns();
    const power = actionId("startPowerOperation", "lib/actions/operations.ts");
    const setLogins = actionId("startLoginOperation", "lib/actions/operations.ts");
    const startedAt = Date.now();
    const r1 = await callAction(proc.url, cookie, power, [{ action: "reboot", selection: { ids: rebootIds } }]);
    expect(r1.ok, r1.body).toBe(true);
    const r2 = await callAction(proc.url, cookie, setLogins, [{ action: "close", selection: { ids: closeIds } }]);
    expect(r2.ok, r2.body).toBe(true);
    const rebootOp = /"operationId":"([0-9a-f-]{36})"/.exec(r1.body)![1];
    const closeOp = /"operationId":"([0-9a-f-]{36})"/.exec(r2.body)![1];
    expect(r1.body).toContain('"total":300');

    // The engine takes chunks in order, so the reboot's run first. Kill while a reboot call is out
    // (its `requested` written, no `completed`), once a close call is out too or else late in the
    // reboot, when a worker often has just fetched its next chunk and not yet leased it.
    let atKill: Progress[] = [];
    for (;;) {
      atKill = await progress(db.handle.db, [rebootOp, closeOp]);
      const [r, c] = atKill;
      if (r.done > 60 && r.open > 0 && (c.open > 0 || r.done >= 240)) break;
      if (r.done === 300 || Date.now() - startedAt > 60_000)
        throw new Error(`missed the window to kill: ${JSON.stringify(atKill)}\n${proc.log().slice(-3000)}`);
      await sleep(20);
    }
    await proc.kill9();
    const killedAfterMs = Date.now() - startedAt;
    // Read once the process is gone: what it left (its items' rows and audit events are frozen now).
    const [rebootLeft, closeLeft] = await progress(db.handle.db, [rebootOp, closeOp]);
    expect(rebootLeft.done, `the reboot had ended at kill -9 (${killedAfterMs} ms)`).toBeLessThan(300);
    expect(closeLeft.done, "the close had ended at kill -9").toBeLessThan(300);
    expect(rebootLeft.open).toBeGreaterThan(0);
    // What the dead process held: the restarted process must take it over.
    const [dead] = await queryRows<{ id: string }>(db.handle.db, sql`SELECT id FROM console_processes`);
    const ownersAtKill = await Promise.all([owners(db.handle.db, rebootOp), owners(db.handle.db, closeOp)]);
    const unleased = await fetchedNotLeased(db.handle.db);

    proc = await start(PORT, db);
    cookie = await login(proc.url, "engine-op@rel.test");
    const [reboot, close] = await untilEnded(
      proc.url,
      cookie,
      [rebootOp, closeOp],
      Number(process.env.ENGINE_WAIT_MS ?? 120_000),
      proc.log,
      db.handle.db,
    );
    const totalMs = Date.now() - startedAt;
    expect([reboot.state, close.state]).toEqual(["finished", "finished"]);

    const rebootPairs = await expectEachItemAuditedOnce(db.handle.db, reboot, rebootIds);
    await expectEachItemAuditedOnce(db.handle.db, close, closeIds);
    // A reboot whose call may have gone out when the process died is `unknown`, never sent again;
    // with no faults but the latency, nothing else is unknown or failed.
    expect(reboot.counts.unknown).toBe(rebootLeft.open);
    expect(reboot.counts.failed).toBe(0);
    expect(reboot.counts.ok).toBe(300 - rebootLeft.open);
    for (const i of reboot.items.filter((x) => x.state === "unknown")) expect(i.code).toBe("Console.OutcomeUnknown");

    const upstream = await applied(emu.url);
    const rebooted = upstream.RebootAICInstance ?? {};
    const twice = Object.entries(rebooted).filter(([, n]) => n > 1);
    expect(twice, "instances rebooted more than once").toEqual([]);
    expect(Object.keys(rebooted).every((id) => rebootIds.includes(id))).toBe(true);
    const okTargets = rebootPairs.filter((p) => p.outcome === "success").map((p) => p.target_id);
    for (const id of okTargets) expect(rebooted[id], id).toBe(1);
    // A login change is read back after the restart, not sent again.
    const closedTwice = Object.entries(upstream.ManageAICLogin ?? {}).filter(([, n]) => n > 1);
    expect(closedTwice, "ManageAICLogin applied more than once").toEqual([]);

    expect((await verifyChain(db.handle.db)).intact).toBe(true);
    const held =
      (await expectTakenOver(db.handle.db, rebootOp, ownersAtKill[0], dead.id)) +
      (await expectTakenOver(db.handle.db, closeOp, ownersAtKill[1], dead.id));
    expect(held).toBeGreaterThan(0);
    console.log(
      `[engine kill -9] killed after ${killedAfterMs} ms at reboot ${rebootLeft.done} / close ${closeLeft.done} of 300 done ` +
        `(${rebootLeft.open} reboot and ${closeLeft.open} close calls possibly out, ${held} unfinished items held, ${unleased} chunk(s) fetched but not leased); restarted and finished in ${totalMs} ms: ` +
        `reboot ${reboot.statusText}, close ${close.statusText}; ${Object.keys(rebooted).length} instances rebooted, none twice; chain intact`,
    );
  }, 240_000);

  it("two replicas on one PostgreSQL: replica B alone finishes a 200-item close submitted through A after A is killed -9", async () => {
    await setFaults(emu.url, {});
    await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
    const db = await throwawayDb("engine_replicas", [{ email: "engine-a@rel.test", role: "operator" }]);
    dbs.push(db);
    const targets = ids.slice(0, 200);
    // One after the other, so A's row in console_processes is known.
    const a = await start(REPLICA_PORTS[0], db);
    const [procA] = await queryRows<{ id: string }>(db.handle.db, sql`SELECT id FROM console_processes`);
    const b = await start(REPLICA_PORTS[1], db);
    const cookieA = await login(a.url, "engine-a@rel.test");
    const cookieB = await login(b.url, "engine-a@rel.test");
    await slowEns();

    const startedAt = Date.now();
    const res = await callAction(a.url, cookieA, actionId("startLoginOperation", "lib/actions/operations.ts"), [
      { action: "close", selection: { ids: targets } },
    ]);
    expect(res.ok, res.body).toBe(true);
    const opId = /"operationId":"([0-9a-f-]{36})"/.exec(res.body)![1];

    // Kill A while it has calls out: a login change that may have reached ENS must be read back by B.
    let atKill: Progress;
    for (;;) {
      [atKill] = await progress(db.handle.db, [opId]);
      const holding = [...(await owners(db.handle.db, opId)).values()].some((i) => i.owner === procA.id && i.state === "running");
      if (atKill.done > 40 && atKill.open > 0 && holding) break;
      if (atKill.done === 200 || Date.now() - startedAt > 60_000)
        throw new Error(`missed the window to kill: ${JSON.stringify(atKill)}\n${a.log().slice(-3000)}`);
      await sleep(20);
    }
    await a.kill9();
    const killedAfterMs = Date.now() - startedAt;
    const [left] = await progress(db.handle.db, [opId]);
    expect(left.done, `the close had ended at kill -9 (${killedAfterMs} ms)`).toBeLessThan(200);
    const ownersAtKill = await owners(db.handle.db, opId);

    const [op] = await untilEnded(b.url, cookieB, [opId], 120_000, b.log, db.handle.db);
    const totalMs = Date.now() - startedAt;
    expect(op.state).toBe("finished");
    await expectEachItemAuditedOnce(db.handle.db, op, targets);
    const m = /^(\d+) ok, (\d+) failed(?:, (\d+) unknown)?$/.exec(op.statusText);
    expect(m, op.statusText).not.toBeNull();
    expect(Number(m![1]) + Number(m![2]) + Number(m![3] ?? 0)).toBe(200);
    expect([Number(m![1]), Number(m![2]), Number(m![3] ?? 0)]).toEqual([op.counts.ok, op.counts.failed, op.counts.unknown]);

    const closedTwice = Object.entries((await applied(emu.url)).ManageAICLogin ?? {}).filter(([, n]) => n > 1);
    expect(closedTwice, "ManageAICLogin applied more than once").toEqual([]);
    expect((await verifyChain(db.handle.db)).intact).toBe(true);
    expect(await expectTakenOver(db.handle.db, opId, ownersAtKill, procA.id)).toBeGreaterThan(0);
    expect(b.log()).toMatch(/took over \d+ chunk\(s\)/);
    console.log(
      `[engine replicas] A killed after ${killedAfterMs} ms at ${left.done} of 200 done (${left.open} calls possibly out, ` +
        `${[...ownersAtKill.values()].filter((i) => i.owner === procA.id && ["pending", "running"].includes(i.state)).length} unfinished items held by A); B finished in ${totalMs} ms: ${op.statusText}; chain intact`,
    );
  }, 240_000);
});

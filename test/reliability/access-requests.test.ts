// Access on request (issue 29) under process death, on built consoles and one PostgreSQL database.
// A login request approved just before its console dies (SIGKILL, then SIGTERM) is opened on ENS
// exactly once after a restart and ends `done`. Killed while the open is on its way to ENS, it is
// never sent twice and ends as ENS shows it. The approval answers only once its operation is
// recorded, even when its audit record is slow and the requests pass runs meanwhile (the pass used
// to take it, so a crash then left a fresh claim that waited 60 s). An approved request whose
// process died before it started the operation (simulated in the database while no console runs:
// approved, its job id fixed, no operation row; never claimed, claimed long ago, claimed recently)
// is carried out once by one of two replicas started together, a recent claim only once it is
// 60 s old. Pending requests past their wait expire once across two replicas. The chain verifies.
import { execFileSync } from "node:child_process";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { verifyChain } from "@/lib/audit/verify";
import { queryRows } from "@/lib/db/client";
import { clientFor } from "@/lib/ens/test/emulator-helpers";
import type { FleetSnapshot } from "@/lib/instances/view";
import { postgresReachable } from "../support/db";
import {
  actionId,
  built,
  callAction,
  setFaults,
  DIST_DIR,
  login,
  ROOT,
  startConsoleProcess,
  throwawayDb,
  type ConsoleProcess,
  type ThrowawayDb,
} from "./console-process";

const PORTS = [3400, 3401].map((p, i) => Number(process.env[`RELIABILITY_REQUESTS_PORT_${i}`] ?? p));
const EMU_PORT = Number(process.env.RELIABILITY_REQUESTS_EMULATOR_PORT ?? 18900);
const REQUESTER = "req-requester@rel.test";
const OPERATOR = "req-operator@rel.test";
const KEY = "ops-debug-key";
/** A claim younger than this is a process carrying the request out now (lib/requests/carry-out.ts). */
const CLAIM_STALE_S = 60;
const canRun = built() && (await postgresReachable());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RequestRow {
  id: string;
  state: string;
  job_id: string | null;
  failure: string | null;
  carry_claimed_at: string | null;
}

describe.skipIf(!canRun)(`access requests across a crash and two replicas (${DIST_DIR}, PostgreSQL)`, () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let db: ThrowawayDb;
  const procs: ConsoleProcess[] = [];
  /** Instances a case has used: each case takes fresh ones, so per-instance counts on ENS are its own. */
  const used = new Set<string>();
  let ids: { requester: string; operator: string };

  beforeAll(async () => {
    emu = await startEmulator({ port: EMU_PORT, servers: 4, aicsPerServer: 8 });
    db = await throwawayDb("requests", [
      { email: REQUESTER, role: "requester" },
      { email: OPERATOR, role: "operator" },
    ]);
    const users = await rows<{ id: string; email: string }>(sql`SELECT id::text AS id, email FROM users`);
    ids = {
      requester: users.find((u) => u.email === REQUESTER)!.id,
      operator: users.find((u) => u.email === OPERATOR)!.id,
    };
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill9()));
    await db?.drop();
    await emu?.close();
  });

  const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(db.handle.db, q);
  const start = (port: number) =>
    startConsoleProcess(port, db.consoleUrl, emu.endpoint, {
      DATABASE_MIGRATION_URL: db.url,
      CONSOLE_REQUESTS_CHECK_MS: "300",
      CONSOLE_PROCESS_DEAD_AFTER_MS: "3000",
    }).then((p) => (procs.push(p), p));
  /** For a failure message: each console's log lines about actions, passes and errors. */
  const logs = () =>
    procs
      .map((p, i) => {
        const lines = p.log().split("\n");
        const told = lines.filter((l) => /"component":"(action|engine|requests)"|"level":"(warn|error|fatal)"/.test(l));
        return `--- console ${i} ---\n${told.slice(-30).join("\n").slice(-6000)}`;
      })
      .join("\n");

  const action = (name: string) => actionId(name, "lib/actions/requests.ts");

  /** `n` instances whose login is closed now, none used by an earlier case. */
  async function closedInstances(p: ConsoleProcess, cookie: string, n: number): Promise<string[]> {
    const fleet = (await (await fetch(`${p.url}/api/fleet`, { headers: { cookie } })).json()) as FleetSnapshot;
    const picked = fleet.rows
      .filter((r) => !r.login.open && !used.has(r.id))
      .map((r) => r.id)
      .slice(0, n);
    expect(picked).toHaveLength(n);
    for (const id of picked) used.add(id);
    return picked;
  }

  /** The requester asks for a login on `instances`; returns the request's id. */
  async function requestLogin(p: ConsoleProcess, cookie: string, instances: string[], reason: string): Promise<string> {
    const r = await callAction(
      p.url,
      cookie,
      action("createAccessRequest"),
      [{ kind: "login", selection: { ids: instances }, keyName: KEY, durationMinutes: 30, reason }],
      "/requests",
    );
    expect(r.ok, r.body).toBe(true);
    const id = /"requestId":"([0-9a-f-]{36})"/.exec(r.body)?.[1];
    expect(id, r.body).toBeDefined();
    return id!;
  }

  const requestRow = async (id: string) =>
    (
      await rows<RequestRow>(
        sql`SELECT id::text AS id, state, job_id::text AS job_id, failure, carry_claimed_at::text AS carry_claimed_at
          FROM access_requests WHERE id = ${id}::uuid`,
      )
    )[0];

  async function untilEnded(requestIds: string[], timeoutMs: number, ended = ["done", "failed"]): Promise<RequestRow[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const now = await Promise.all(requestIds.map(requestRow));
      if (now.every((r) => ended.includes(r.state))) return now;
      if (Date.now() > until)
        throw new Error(`requests not ended after ${timeoutMs} ms: ${JSON.stringify(now)}\n${await jobState(now)}\n${logs()}`);
      await sleep(200);
    }
  }

  /** For a failure message: the operations and items of these requests. */
  async function jobState(reqs: RequestRow[]): Promise<string> {
    const jobIds = reqs.map((r) => r.job_id).filter((j): j is string => !!j);
    if (!jobIds.length) return "no job ids";
    const ops = await rows(
      sql`SELECT id, created_at, enqueued_at, finished_at FROM operations WHERE id::text IN ${sql.raw(`(${jobIds.map((j) => `'${j}'`).join(",")})`)}`,
    );
    const items = await rows(
      sql`SELECT operation_id, instance_id, state, owner, error_code FROM operation_items WHERE operation_id::text IN ${sql.raw(`(${jobIds.map((j) => `'${j}'`).join(",")})`)}`,
    );
    return `operations: ${JSON.stringify(ops)}\nitems: ${JSON.stringify(items)}`;
  }

  const appliedLogins = async () =>
    ((await (await fetch(`${emu.url}/__emulator/calls`)).json()) as { appliedByInstance: Record<string, Record<string, number>> })
      .appliedByInstance.ManageAICLogin ?? {};
  const openOnEns = async (instances: string[]) => {
    const all = await clientFor(emu).listAllPublicKeyDeliveries();
    return instances.filter((id) => all.some((d) => d.InstanceId === id));
  };

  /**
   * The request was carried out exactly once: `done`, one operation (its fixed job id), every item
   * `ok`, per instance one requested and one successful completed login.open by the requester
   * naming the request, and on ENS one applied ManageAICLogin per instance, which is open.
   */
  async function expectCarriedOutOnce(requestId: string, instances: string[]) {
    const r = await requestRow(requestId);
    expect(r.state, `${JSON.stringify(r)}\n${await jobState([r])}`).toBe("done");
    expect(r.job_id).toBeTruthy();
    const ops = await rows<{ id: string; actor_email: string }>(
      sql`SELECT id::text AS id, actor_email FROM operations WHERE id = ${r.job_id}::uuid OR params->>'requestId' = ${requestId}`,
    );
    expect(ops).toEqual([{ id: r.job_id, actor_email: REQUESTER }]);
    const items = await rows<{ instance_id: string; state: string }>(
      sql`SELECT instance_id, state FROM operation_items WHERE operation_id = ${r.job_id}::uuid ORDER BY instance_id`,
    );
    expect(items).toEqual([...instances].sort().map((instance_id) => ({ instance_id, state: "ok" })));
    const events = await rows<{ target_id: string; requested: string; completed: string; ok: string; actors: string[]; approved: string }>(
      sql`SELECT r.target_id, count(*) AS requested,
          (SELECT count(*) FROM audit_events c WHERE c.phase = 'completed' AND c.operation_id IN
            (SELECT operation_id FROM audit_events q WHERE q.action = 'login.open' AND q.phase = 'requested' AND q.params->>'requestId' = ${requestId} AND q.target_id = r.target_id)) AS completed,
          (SELECT count(*) FROM audit_events c WHERE c.phase = 'completed' AND c.outcome = 'success' AND c.operation_id IN
            (SELECT operation_id FROM audit_events q WHERE q.action = 'login.open' AND q.phase = 'requested' AND q.params->>'requestId' = ${requestId} AND q.target_id = r.target_id)) AS ok,
          array_agg(DISTINCT r.actor_email) AS actors, max(r.params->>'approvedBy') AS approved
        FROM audit_events r WHERE r.action = 'login.open' AND r.phase = 'requested' AND r.params->>'requestId' = ${requestId}
        GROUP BY r.target_id ORDER BY r.target_id`,
    );
    // One successful open per instance. An open a kill left not made is recorded so (NotApplied)
    // and run again (lib/jobs/run-chunk.ts): then two requested, two completed, one success.
    expect(events.map((e) => [e.target_id, Number(e.requested) === Number(e.completed), Number(e.ok), e.actors])).toEqual(
      [...instances].sort().map((id) => [id, true, 1, [REQUESTER]]),
    );
    const others = await rows<{ error_code: string | null }>(
      sql`SELECT c.error_code FROM audit_events c WHERE c.phase = 'completed' AND c.outcome <> 'success' AND c.operation_id IN
        (SELECT operation_id FROM audit_events q WHERE q.action = 'login.open' AND q.phase = 'requested' AND q.params->>'requestId' = ${requestId})`,
    );
    expect(others.map((o) => o.error_code).filter((c) => c !== "Console.NotApplied")).toEqual([]);
    for (const e of events) expect(JSON.parse(e.approved)).toEqual([OPERATOR]);
    const applied = await appliedLogins();
    for (const id of instances) expect(applied[id], `ManageAICLogin applied on ${id}`).toBe(1);
    expect(await openOnEns(instances)).toEqual(instances);
  }

  /** The requester's login request, approved by the operator; the console gets `signal` the moment the approval answers. */
  async function crashRightAfterApproval(signal: "SIGKILL" | "SIGTERM") {
    const a = await start(PORTS[0]);
    const reqCookie = await login(a.url, REQUESTER);
    const opCookie = await login(a.url, OPERATOR);
    const instances = await closedInstances(a, opCookie, 1);
    const requestId = await requestLogin(a, reqCookie, instances, `REL-29 ${signal} right after the approval`);
    const approved = await callAction(a.url, opCookie, action("approveAccessRequest"), [{ requestId }], "/requests");
    if (signal === "SIGKILL") await a.kill9();
    else await a.stop();
    expect(approved.ok, approved.body).toBe(true);
    const atStop = await requestRow(requestId);
    const jobAtStop = await jobState([atStop]);
    expect(/"operationId":"([0-9a-f-]{36})"/.exec(approved.body)?.[1], approved.body).toBe(atStop.job_id);
    const restartedAt = Date.now();
    const b = await start(PORTS[0]);
    await untilEnded([requestId], 45_000);
    console.log(
      `[requests] ${signal} right after the approval (at the stop: ${atStop.state}; ${jobAtStop.replace(/\n/g, "; ")}) → done ${Date.now() - restartedAt} ms after the restart began`,
    );
    await expectCarriedOutOnce(requestId, instances);
    await b.stop();
  }

  it("SIGKILL the moment the last approval answers: after a restart the login is opened once and the request ends done", async () => {
    await crashRightAfterApproval("SIGKILL");
  });

  it("SIGTERM the moment the last approval answers: the same", async () => {
    await crashRightAfterApproval("SIGTERM");
  });

  it("SIGKILL while the request's open is on its way to ENS: after a restart it is never sent twice, and the request ends as ENS shows it", async () => {
    const a = await start(PORTS[0]);
    const reqCookie = await login(a.url, REQUESTER);
    const opCookie = await login(a.url, OPERATOR);
    const instances = await closedInstances(a, opCookie, 1);
    const requestId = await requestLogin(a, reqCookie, instances, "REL-29 killed with the open in flight");
    await setFaults(emu.url, { actions: ["ManageAICLogin"], latencyMs: 4000 });
    const approved = await callAction(a.url, opCookie, action("approveAccessRequest"), [{ requestId }], "/requests");
    expect(approved.ok, approved.body).toBe(true);
    const jobId = (await requestRow(requestId)).job_id;
    // Kill once the item's `requested` event is written: its ManageAICLogin is then waiting on ENS.
    const until = Date.now() + 10_000;
    while (
      !(await rows(sql`SELECT 1 FROM audit_events WHERE bulk_id = ${jobId} AND action = 'login.open' AND phase = 'requested'`)).length
    ) {
      if (Date.now() > until) throw new Error(`the item never started\n${logs()}`);
      await sleep(50);
    }
    await sleep(300);
    await a.kill9();
    await setFaults(emu.url, {});
    const restartedAt = Date.now();
    await start(PORTS[0]);
    const [ended] = await untilEnded([requestId], 30_000);
    const applied = (await appliedLogins())[instances[0]] ?? 0;
    const open = await openOnEns(instances);
    const [item] = await rows<{ state: string; error_code: string | null }>(
      sql`SELECT state, error_code FROM operation_items WHERE operation_id = ${jobId}::uuid`,
    );
    console.log(
      `[requests] SIGKILL with the open in flight → ${ended.state} ${Date.now() - restartedAt} ms after the restart began; item ${item.state} ${item.error_code ?? ""}; applied on ENS ${applied}×; ${ended.failure ?? ""}`,
    );
    expect(applied).toBeLessThanOrEqual(1);
    expect(await rows(sql`SELECT 1 FROM operations WHERE params->>'requestId' = ${requestId}`)).toHaveLength(1);
    if (ended.state === "done") await expectCarriedOutOnce(requestId, instances);
    else {
      // Not opened: the requester is told, the log says why, and ENS shows it closed.
      expect(open).toEqual([]);
      expect(await rows(sql`SELECT 1 FROM audit_events WHERE action = 'request.fail' AND target_id = ${requestId}`)).toHaveLength(1);
      expect(
        await rows(
          sql`SELECT 1 FROM notifications WHERE kind = 'request_failed' AND subject = ${requestId} AND user_id = ${ids.requester}::uuid`,
        ),
      ).toHaveLength(1);
    }
    await procs.at(-1)!.stop();
  });

  it("the approver starts what it approved before answering, though its audit record is slow and the pass runs meanwhile; SIGKILL then: done after a restart", async () => {
    const a = await start(PORTS[0]);
    const reqCookie = await login(a.url, REQUESTER);
    const opCookie = await login(a.url, OPERATOR);
    const instances = await closedInstances(a, opCookie, 1);
    const requestId = await requestLogin(a, reqCookie, instances, "REL-29 slow approval record");
    // Whoever carries it out lists the keys first: slow here, so a carry-out is seen in progress.
    await setFaults(emu.url, { actions: ["ListAICPublicKeys"], latencyMs: 2500 });
    // Hold the audit log's append lock (lib/audit/append.ts) for 1.2 s: the approval is committed,
    // its record waits, and the requests pass (every 300 ms) finds an approved request no one has claimed.
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    let approved: Awaited<ReturnType<typeof callAction>>;
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock(7310002)");
      const pending = callAction(a.url, opCookie, action("approveAccessRequest"), [{ requestId }], "/requests");
      await sleep(1200);
      await holder.query("COMMIT");
      approved = await pending;
    } finally {
      await holder.end();
    }
    await a.kill9();
    await setFaults(emu.url, {});
    expect(approved.ok, approved.body).toBe(true);
    const atKill = await requestRow(requestId);
    const ops = await rows(sql`SELECT 1 FROM operations WHERE id = ${atKill.job_id}::uuid`);
    expect(
      ops,
      `the approval answered before its operation was recorded: ${JSON.stringify(atKill)}\n${await jobState([atKill])}\n${logs()}`,
    ).toHaveLength(1);
    const restartedAt = Date.now();
    await start(PORTS[0]);
    await untilEnded([requestId], 30_000);
    console.log(`[requests] slow approval record, SIGKILL on the answer → done ${Date.now() - restartedAt} ms after the restart began`);
    await expectCarriedOutOnce(requestId, instances);
    await procs.at(-1)!.stop();
  });

  it("approved while the approver's process died before starting it: carried out once by one of two replicas, a recent claim only once stale", async () => {
    const a = await start(PORTS[0]);
    const reqCookie = await login(a.url, REQUESTER);
    const opCookie = await login(a.url, OPERATOR);
    const [i1, i2, i3] = await closedInstances(a, opCookie, 3);
    const neverClaimed = await requestLogin(a, reqCookie, [i1], "REL-29 approved, never claimed");
    const staleClaim = await requestLogin(a, reqCookie, [i2], "REL-29 approved, claim 61 s old");
    const recentClaim = await requestLogin(a, reqCookie, [i3], "REL-29 approved, claim 40 s old");
    await a.stop();

    // What the approval writes (lib/requests/decide-request.ts) with no console running; carrying
    // out never got as far as the operation's row. The first try of `neverClaimed` left an item.
    const claims: [string, string | null][] = [
      [neverClaimed, null],
      [staleClaim, `${CLAIM_STALE_S + 1} seconds`],
      [recentClaim, "40 seconds"],
    ];
    for (const [id, age] of claims) {
      await db.handle.db.execute(
        sql`UPDATE access_requests SET state = 'approved', decided_at = clock_timestamp(), job_id = gen_random_uuid(),
          carry_claimed_at = ${age === null ? null : sql`clock_timestamp() - ${age}::interval`}
          WHERE id = ${id}::uuid`,
      );
      await db.handle.db.execute(
        sql`INSERT INTO access_request_decisions (request_id, actor_id, actor_email, decision, audit_operation_id)
          VALUES (${id}::uuid, ${ids.operator}::uuid, ${OPERATOR}, 'approve', gen_random_uuid())`,
      );
    }
    const first = await requestRow(neverClaimed);
    await db.handle.db.execute(
      sql`INSERT INTO operation_items (operation_id, seq, chunk, instance_id) VALUES (${first.job_id}::uuid, 0, 0, ${i1})`,
    );
    const [{ stale_at: recentStaleAt }] = await rows<{ stale_at: string }>(
      sql`SELECT (carry_claimed_at + make_interval(secs => ${CLAIM_STALE_S}))::text AS stale_at FROM access_requests WHERE id = ${recentClaim}::uuid`,
    );

    const startedAt = Date.now();
    await Promise.all([start(PORTS[0]), start(PORTS[1])]);
    await untilEnded([neverClaimed, staleClaim], 30_000);
    console.log(
      `[requests] approved, not started: never claimed and stale claim done ${Date.now() - startedAt} ms after two replicas began to start`,
    );
    await expectCarriedOutOnce(neverClaimed, [i1]);
    await expectCarriedOutOnce(staleClaim, [i2]);

    // The recent claim is left alone while it is younger than 60 s, then taken over.
    const [{ fresh }] = await rows<{ fresh: boolean }>(sql`SELECT clock_timestamp() < ${recentStaleAt}::timestamptz AS fresh`);
    if (fresh) {
      expect((await requestRow(recentClaim)).state).toBe("approved");
      expect(await rows(sql`SELECT 1 FROM operations WHERE params->>'requestId' = ${recentClaim}`)).toEqual([]);
    }
    await untilEnded([recentClaim], 45_000);
    const [{ early }] = await rows<{ early: boolean }>(
      sql`SELECT created_at < ${recentStaleAt}::timestamptz AS early FROM operations WHERE params->>'requestId' = ${recentClaim}`,
    );
    expect(early, "the operation of a request claimed < 60 s ago was started before the claim went stale").toBe(false);
    console.log(
      `[requests] the 40 s old claim: left alone ${fresh ? "until stale, " : ""}done ${Date.now() - startedAt} ms after the start`,
    );
    await expectCarriedOutOnce(recentClaim, [i3]);
  });

  it("pending requests past their wait expire once across two replicas: one request.expire by system:requests, one notice each", async () => {
    const [a] = procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    expect(procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null)).toHaveLength(2);
    const reqCookie = await login(a.url, REQUESTER);
    const opCookie = await login(a.url, OPERATOR);
    const instances = await closedInstances(a, opCookie, 8);
    const requestIds: string[] = [];
    for (const id of instances) requestIds.push(await requestLogin(a, reqCookie, [id], "REL-29 left to expire"));
    const list = sql.raw(`(${requestIds.map((r) => `'${r}'::uuid`).join(",")})`);
    await db.handle.db.execute(sql`UPDATE access_requests SET expires_at = clock_timestamp() - interval '1 minute' WHERE id IN ${list}`);
    const dueAt = Date.now();
    await untilEnded(requestIds, 10_000, ["expired"]);
    const expiredMs = Date.now() - dueAt;
    await sleep(2000); // several more passes on both replicas
    const expireEvents = await rows<{ target_id: string; n: string; actors: string[]; outcomes: string[] }>(
      sql`SELECT target_id, count(*) AS n, array_agg(DISTINCT actor_email) AS actors, array_agg(DISTINCT phase || '/' || outcome) AS outcomes
        FROM audit_events WHERE action = 'request.expire' AND target_id IN ${sql.raw(`(${requestIds.map((r) => `'${r}'`).join(",")})`)}
        GROUP BY target_id ORDER BY target_id`,
    );
    expect(expireEvents.map((e) => [e.target_id, Number(e.n), e.actors, e.outcomes])).toEqual(
      [...requestIds].sort().map((id) => [id, 1, ["system:requests"], ["completed/success"]]),
    );
    const notices = await rows<{ subject: string; user_id: string; n: string }>(
      sql`SELECT subject, user_id::text AS user_id, count(*) AS n FROM notifications WHERE kind = 'request_expired' GROUP BY subject, user_id ORDER BY subject`,
    );
    expect(notices.map((n) => [n.subject, n.user_id, Number(n.n)])).toEqual([...requestIds].sort().map((id) => [id, ids.requester, 1]));
    for (const id of requestIds) expect(await requestRow(id)).toMatchObject({ state: "expired", job_id: null });
    // Nothing reached ENS for them.
    const applied = await appliedLogins();
    for (const id of instances) expect(applied[id]).toBeUndefined();
    console.log(
      `[requests] ${requestIds.length} requests past their wait expired ${expiredMs} ms after falling due, each once across 2 replicas`,
    );
  });

  it("the chain verifies (verifyChain and npm run audit:verify)", async () => {
    await Promise.all(procs.map((p) => p.stop()));
    expect((await verifyChain(db.handle.db)).intact).toBe(true);
    const out = execFileSync(process.execPath, [`${ROOT}/node_modules/tsx/dist/cli.mjs`, "scripts/audit-verify.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: "utf8",
    });
    expect(out).toMatch(/^intact: \d+ events/);
    console.log(`[requests] ${out.trim()}`);
  });
});

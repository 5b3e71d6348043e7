// The outbox (issue 32) under an outage and process death, on built consoles and PostgreSQL. Two
// replicas stream the audit log to one webhook whose receiver is down while 500 events are written
// (through both replicas' server actions and by the test process itself). When it comes back, both
// consoles are killed with -9 in the middle of the delivery and one is started again. In the end
// the receiver has every event of the chain, first arrivals in chain order (each prevHash equal to
// the hash before it, from the genesis), no gap, each at most a few times, every Standard Webhooks
// signature verified (standardwebhooks' Webhook.verify, in the receiver).
//
// The outage lasts RELIABILITY_OUTBOUND_DOWN_MS (default 30 s; the issue's 2 minutes with 120000)
// with the backoff capped at 5 s (CONSOLE_OUTBOUND_MAX_BACKOFF_MS), so it is retried several times.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { appendEvents } from "@/lib/audit/append";
import { GENESIS_HASH } from "@/lib/audit/hash";
import { verifyChain } from "@/lib/audit/verify";
import { queryRows } from "@/lib/db/client";
import { newWebhookSecret } from "@/lib/outbound/sign";
import { startReceiver, type Receiver } from "@/lib/outbound/test/receiver";
import { postgresReachable } from "../support/db";
import {
  actionId,
  built,
  callAction,
  DIST_DIR,
  login,
  startConsoleProcess,
  throwawayDb,
  type ConsoleProcess,
  type ThrowawayDb,
} from "./console-process";

const PORT_A = Number(process.env.RELIABILITY_OUTBOUND_PORT ?? 3660);
const PORT_B = PORT_A + 1;
const EMU_PORT = Number(process.env.RELIABILITY_OUTBOUND_EMULATOR_PORT ?? 18970);
const RX_PORT = Number(process.env.RELIABILITY_OUTBOUND_RECEIVER_PORT ?? 18971);
const DOWN_MS = Number(process.env.RELIABILITY_OUTBOUND_DOWN_MS ?? 30_000);
const EVENTS = 500;
const ADMIN_A = "outbox-a@rel.test";
const ADMIN_B = "outbox-b@rel.test";
const canRun = built() && (await postgresReachable());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!canRun)(`the outbox across an outage and kill -9 (${DIST_DIR}, PostgreSQL, two replicas)`, () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let db: ThrowawayDb;
  let rx: Receiver | null = null;
  const procs: ConsoleProcess[] = [];
  const secret = newWebhookSecret();
  const destinationId = randomUUID();

  beforeAll(async () => {
    emu = await startEmulator({ port: EMU_PORT, servers: 2, aicsPerServer: 2, qps: 0 });
    db = await throwawayDb("outbound", [
      { email: ADMIN_A, role: "admin" },
      { email: ADMIN_B, role: "admin" },
    ]);
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill9()));
    await rx?.close();
    await db?.drop();
    await emu?.close();
  });

  const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(db.handle.db, q);
  const start = (port: number) =>
    startConsoleProcess(port, db.consoleUrl, emu.endpoint, {
      DATABASE_MIGRATION_URL: db.url,
      CONSOLE_PROCESS_DEAD_AFTER_MS: "3000",
      CONSOLE_OUTBOUND_ALLOW: "127.0.0.1",
      CONSOLE_OUTBOUND_CHECK_MS: "500",
      CONSOLE_OUTBOUND_MAX_BACKOFF_MS: "5000",
    }).then((p) => (procs.push(p), p));
  const logs = () =>
    procs
      .map((p, i) => {
        const told = p
          .log()
          .split("\n")
          .filter((l) => /"component":"(outbound|engine)"|"level":"(warn|error|fatal)"/.test(l));
        return `--- console ${i} ---\n${told.slice(-20).join("\n").slice(-5000)}`;
      })
      .join("\n");
  const destination = async () =>
    (
      await rows<{ last_seq: number; failing_since: Date | null; last_error: string | null; failures: number; retry_at: Date | null }>(
        sql`SELECT last_seq::int AS last_seq, failing_since, last_error, failures, retry_at FROM outbound_destinations WHERE id = ${destinationId}::uuid`,
      )
    )[0];

  it("the receiver down while 500 events are written on two replicas, then both killed mid-delivery: every event arrives, in chain order, no gap", async () => {
    // The destination streams the whole chain from its first event (replay from 1), so the check
    // starts at the genesis hash. Nothing listens on RX_PORT yet: the receiver is down.
    await db.handle.db.execute(
      sql`INSERT INTO outbound_destinations (id, name, kind, url, secret, audit_stream, last_seq)
        VALUES (${destinationId}::uuid, 'SIEM (reliability)', 'webhook', ${`http://127.0.0.1:${RX_PORT}/siem`}, ${secret}, true, 0)`,
    );
    const [a, b] = await Promise.all([start(PORT_A), start(PORT_B)]);
    const downSince = Date.now();
    const [cookieA, cookieB] = await Promise.all([login(a.url, ADMIN_A), login(b.url, ADMIN_B)]);
    const setLanguage = actionId("setLanguage", "lib/actions/users.ts");

    // 500 events: 200 through each replica's server action, 100 appended by this process, at once.
    const through = async (url: string, cookie: string, n: number) => {
      for (let i = 0; i < n; i += 4)
        await Promise.all(
          Array.from({ length: Math.min(4, n - i) }, (_, j) =>
            callAction(url, cookie, setLanguage, [{ locale: (i + j) % 2 ? "en" : "zh-CN" }]).then((r) => {
              if (!r.ok) throw new Error(`setLanguage: ${r.status} ${r.body.slice(0, 300)}`);
            }),
          ),
        );
    };
    const direct = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await appendEvents(db.handle.db, [{ operationId: randomUUID(), action: "auth.sign_in", phase: "completed", outcome: "failure" }]);
        await sleep(20);
      }
    };
    const [before] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events`);
    await Promise.all([through(a.url, cookieA, 200), through(b.url, cookieB, 200), direct(EVENTS - 400)]);
    const [written] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events`);
    expect(Number(written.n) - Number(before.n)).toBeGreaterThanOrEqual(EVENTS);
    const byA = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.set_language'`);
    expect(Number(byA[0].n)).toBe(400);

    // Down: the first event is retried with backoff and nothing moves.
    await sleep(Math.max(0, DOWN_MS - (Date.now() - downSince)));
    const down = await destination();
    expect(down.last_seq, logs()).toBe(0);
    expect(down.failing_since).not.toBeNull();
    expect(down.last_error).toMatch(/ECONNREFUSED/);
    expect(down.failures).toBeGreaterThanOrEqual(3);
    const [stuck] = await rows<{ outcome: string; attempts: number }>(
      sql`SELECT outcome, attempts FROM outbound_deliveries WHERE destination_id = ${destinationId}::uuid ORDER BY seq LIMIT 1`,
    );
    expect(stuck.outcome).toBe("failed");
    console.info(`outbound: down for ${Math.round((Date.now() - downSince) / 1000)} s, ${down.failures} attempts of the first event`);

    // Back, a little slow (10 ms per answer), so the delivery takes a while; both replicas are
    // killed with -9 once 150 events have arrived, and one is started again.
    rx = await startReceiver({ webhook: secret }, RX_PORT);
    rx.answer = async () => {
      await sleep(10);
      return { status: 200, body: "ok" };
    };
    const backAt = Date.now();
    for (const until = Date.now() + 30_000; rx.received.length < 150; await sleep(20))
      if (Date.now() > until) throw new Error(`delivery did not resume: ${rx.received.length} received, ${rx.refused} refused\n${logs()}`);
    await Promise.all([a.kill9(), b.kill9()]);
    const atKill = rx.received.length;
    const killedAfterS = Math.round((Date.now() - backAt) / 100) / 10;
    const [{ head }] = await rows<{ head: number }>(sql`SELECT max(id)::int AS head FROM audit_events`);
    expect(atKill, "killed in the middle of the delivery").toBeLessThan(Number(head) - 50);

    const restarted = Date.now();
    await start(PORT_A);
    const [{ head: finalHead }] = await rows<{ head: number }>(sql`SELECT max(id)::int AS head FROM audit_events`);
    for (const until = Date.now() + 90_000; ; await sleep(250)) {
      const d = await destination();
      if (d.last_seq >= Number(finalHead) && new Set(rx.received.map((r) => Number(r.json.seq))).has(Number(finalHead))) break;
      if (Date.now() > until)
        throw new Error(`not caught up: cursor ${d.last_seq} of ${finalHead}, ${rx.received.length} received\n${logs()}`);
    }
    // The console's own start-up may append (sign-ins, reconcile): wait until those arrive too.
    await sleep(2000);
    const all = await rows<{ id: number; hash: string; prev_hash: string }>(
      sql`SELECT id::int AS id, hash, prev_hash FROM audit_events ORDER BY id`,
    );
    for (const until = Date.now() + 20_000; (await destination()).last_seq < all.at(-1)!.id; await sleep(250))
      if (Date.now() > until) throw new Error(`the last events were not delivered\n${logs()}`);
    console.info(
      `outbound: ${all.length} events; ${rx.received.length} deliveries (${atKill} before the kill -9, ${killedAfterS} s after the receiver came back); caught up ${Date.now() - restarted} ms after the restart began`,
    );

    // Every signature verified (a refusal would be counted), every event arrived, no other.
    expect(rx.refused).toBe(0);
    expect(rx.received.every((r) => r.verified !== null && r.headers["webhook-id"] === `audit_${r.json.seq}`)).toBe(true);
    const counts = new Map<number, number>();
    for (const r of rx.received) counts.set(Number(r.json.seq), (counts.get(Number(r.json.seq)) ?? 0) + 1);
    expect([...counts.keys()].sort((x, y) => x - y)).toEqual(all.map((e) => e.id));
    // At least once, and at most a few times: the kill resends what it had sent and not yet written
    // (the cursor is written every 25 events or 250 ms), nothing more.
    const repeats = [...counts.values()].filter((n) => n > 1).length;
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(3);
    expect(repeats).toBeLessThanOrEqual(60);
    // In chain order: first arrivals strictly increasing, each prevHash the hash before it, from the genesis.
    const firsts: { seq: number; hash: string; prevHash: string }[] = [];
    const seen = new Set<number>();
    for (const r of rx.received) {
      const seq = Number(r.json.seq);
      if (seen.has(seq)) continue;
      seen.add(seq);
      firsts.push({ seq, hash: String(r.json.hash), prevHash: String(r.json.prevHash) });
    }
    expect(firsts.every((f, i) => i === 0 || f.seq > firsts[i - 1].seq)).toBe(true);
    expect(firsts[0].prevHash).toBe(GENESIS_HASH);
    const breaks = firsts.filter((f, i) => i > 0 && f.prevHash !== firsts[i - 1].hash).map((f) => f.seq);
    expect(breaks).toEqual([]);
    console.info(`outbound: ${repeats} event(s) delivered twice (in flight or past the cursor at the kill)`);
    const dead = await rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM outbound_deliveries WHERE destination_id = ${destinationId}::uuid AND outcome <> 'delivered'`,
    );
    expect(Number(dead[0].n)).toBe(0);
    expect(await destination()).toMatchObject({ failing_since: null, last_error: null, failures: 0 });
    expect((await verifyChain(db.handle.db)).intact).toBe(true);
  });
});

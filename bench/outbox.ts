// Outbox benchmark (issue 32), in process: the outbox pass (lib/outbound/outbox.ts) as the
// console runs it (every CONSOLE_OUTBOUND_CHECK_MS, 500 ms) on an in-memory PGlite, and on
// PostgreSQL when one answers, sending the audit stream to one signed webhook on 127.0.0.1 that
// answers 200 at once:
//   outbox_throughput  events/s delivered of a backlog (N events written while the destination was
//                      paused, then resumed: first resume to last arrival); baseline: the same
//                      bodies signed and POSTed by one loop without the database (the ceiling)
//   outbox_lag         p95 ms from an event's append (its transaction committed) to its arrival
//                      at the receiver, events written at a steady 40/s; baseline: the check period
// Each backend is measured in its own Node process without the react-server condition (the outbox
// loads next-intl, whose react-server build needs React's), `server-only` stubbed by
// bench/outbox-hooks.mjs.
// Run: npx tsx --conditions=react-server bench/outbox.ts [--quick]
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { DbHandle } from "../lib/db/client";
import { pct, r2, sleep, type Figure } from "./console-server";
import { runIfMain } from "./standalone";

const CHECK_MS = 500;
const RATE_PER_S = 40;

interface Backend {
  kind: "pglite" | "postgres";
  backlog: number;
  throughput: number;
  ceiling: number;
  lag: { p50: number; p95: number; max: number; events: number };
}

async function open(kind: "pglite" | "postgres"): Promise<{ h: DbHandle; drop(): Promise<void> }> {
  const { openDb } = await import("../lib/db/client");
  const { migrate } = await import("../lib/db/migrate");
  const { createPgDatabase } = await import("../test/support/db");
  if (kind === "pglite") {
    const h = await openDb({ CONSOLE_DATA_DIR: "memory://" });
    await migrate(h);
    return { h, drop: () => h.close() };
  }
  const database = await createPgDatabase("aic_bench_outbox");
  const h = await openDb({ DATABASE_URL: database.url });
  await migrate(h);
  return {
    h,
    drop: async () => {
      await h.close();
      await database.drop();
    },
  };
}

async function measure(kind: "pglite" | "postgres", quick: boolean): Promise<Backend> {
  const { appendEvents } = await import("../lib/audit/append");
  const { post } = await import("../lib/outbound/guard");
  const { runOutboxPass } = await import("../lib/outbound/outbox");
  const { auditPayload, eventId, webhookBody } = await import("../lib/outbound/payload");
  const { newWebhookSecret, signWebhook } = await import("../lib/outbound/sign");
  const { h, drop } = await open(kind);
  const arrived = new Map<number, number>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c));
    req.on("end", () => {
      const seq = Number((JSON.parse(body) as { seq: number }).seq);
      if (!arrived.has(seq)) arrived.set(seq, performance.now());
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.env.CONSOLE_OUTBOUND_ALLOW = "127.0.0.1";
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const secret = newWebhookSecret();
  const destinationId = randomUUID();
  const append = (n: number) =>
    appendEvents(
      h.db,
      Array.from({ length: n }, (_, i) => ({
        operationId: randomUUID(),
        action: i % 2 ? ("login.open" as const) : ("login.close" as const),
        target: { type: "instance", id: `aic-${i}` },
        params: { reason: "bench", keyName: "ops-key" },
        phase: "completed" as const,
        outcome: "success" as const,
        durationMs: 120,
      })),
    );
  // The pass as the engine runs it: every 500 ms, not overlapping itself.
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t = performance.now();
      await runOutboxPass(h.db, { waitMs: 2 * CHECK_MS });
      await sleep(Math.max(0, CHECK_MS - (performance.now() - t)));
    }
  })();
  const waitFor = async (seq: number, limitMs: number) => {
    for (const until = performance.now() + limitMs; !arrived.has(seq); await sleep(5))
      if (performance.now() > until) throw new Error(`${kind}: event ${seq} not delivered within ${limitMs} ms (${arrived.size} arrived)`);
  };
  try {
    await h.db.execute(
      sql`INSERT INTO outbound_destinations (id, name, kind, url, secret, audit_stream, paused, last_seq)
        VALUES (${destinationId}::uuid, 'bench', 'webhook', ${url}, ${secret}, true, true, (SELECT coalesce(max(id), 0) FROM audit_events))`,
    );
    // Throughput: a backlog written while paused, then resumed.
    const backlog = quick ? 1000 : 5000;
    const rows = [];
    for (let i = 0; i < backlog; i += 100) rows.push(...(await append(Math.min(100, backlog - i))));
    const t0 = performance.now();
    await h.db.execute(sql`UPDATE outbound_destinations SET paused = false WHERE id = ${destinationId}::uuid`);
    await waitFor(rows.at(-1)!.id, 120_000);
    const throughput = backlog / ((performance.now() - t0) / 1000);
    // The ceiling: the same bodies signed and posted one at a time, no database.
    const sample = rows.slice(0, Math.min(500, rows.length));
    const c0 = performance.now();
    for (const r of sample) {
      const p = auditPayload(r);
      const body = webhookBody(p);
      await post(url, { ...signWebhook(secret, eventId(p), new Date(), body) }, body);
    }
    const ceiling = sample.length / ((performance.now() - c0) / 1000);
    console.log(`  [${kind}] backlog of ${backlog}: ${r2(throughput)} events/s (signed POST loop alone: ${r2(ceiling)}/s)`);

    // Lag: a steady stream of events, one per append, each timed from its commit to its arrival.
    const seconds = quick ? 10 : 30;
    const committed = new Map<number, number>();
    const period = 1000 / RATE_PER_S;
    const s0 = performance.now();
    for (let i = 0; i < seconds * RATE_PER_S; i++) {
      const [e] = await append(1);
      committed.set(e.id, performance.now());
      await sleep(Math.max(0, s0 + (i + 1) * period - performance.now()));
    }
    await waitFor(Math.max(...committed.keys()), 30_000);
    const lags = [...committed].map(([seq, at]) => arrived.get(seq)! - at);
    const lag = { p50: r2(pct(lags, 50)), p95: r2(pct(lags, 95)), max: r2(Math.max(...lags)), events: lags.length };
    console.log(`  [${kind}] ${lags.length} events at ${RATE_PER_S}/s: lag p50 ${lag.p50} ms, p95 ${lag.p95} ms, max ${lag.max} ms`);
    return { kind, backlog, throughput: r2(throughput), ceiling: r2(ceiling), lag };
  } finally {
    stopped = true;
    await loop;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await drop();
  }
}

const RESULT = "OUTBOX_RESULT ";

/** One backend measured in a process of its own (see the file's comment); its figures on the last line. */
function measureApart(kind: "pglite" | "postgres", quick: boolean): Promise<Backend> {
  const args = [
    "--import",
    "tsx",
    "--import",
    path.join(import.meta.dirname, "outbox-hooks.mjs"),
    import.meta.filename,
    `--measure=${kind}`,
  ];
  if (quick) args.push("--quick");
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      args,
      { cwd: path.join(import.meta.dirname, ".."), maxBuffer: 16 * 2 ** 20, timeout: 600_000 },
      (e, stdout, stderr) => {
        for (const line of stdout.split("\n")) if (!line.startsWith(RESULT)) process.stdout.write(line ? `${line}\n` : "");
        const result = stdout.split("\n").find((l) => l.startsWith(RESULT));
        if (e || !result) reject(new Error(`outbox bench (${kind}) failed: ${e?.message ?? "no result"}\n${stderr.slice(-2000)}`));
        else resolve(JSON.parse(result.slice(RESULT.length)) as Backend);
      },
    ),
  );
}

export async function run({ quick = false }: { quick?: boolean } = {}): Promise<Figure[]> {
  const { postgresReachable } = await import("../test/support/db");
  const all = [await measureApart("pglite", quick)];
  if (await postgresReachable()) all.push(await measureApart("postgres", quick));
  const pg = all[0];
  const per = <T>(f: (b: Backend) => T) => Object.fromEntries(all.map((b) => [b.kind, f(b)]));
  return [
    {
      name: "outbox_throughput",
      value: pg.throughput,
      unit: "events/s (PGlite)",
      baseline: pg.ceiling,
      ratio: r2(pg.throughput / pg.ceiling),
      backlog: pg.backlog,
      perBackend: per((b) => ({ throughput: b.throughput, ceiling: b.ceiling })),
    },
    {
      name: "outbox_lag",
      value: pg.lag.p95,
      unit: "ms p95 (PGlite)",
      baseline: CHECK_MS,
      ratio: r2(pg.lag.p95 / CHECK_MS),
      ratePerSecond: RATE_PER_S,
      perBackend: per((b) => b.lag),
    },
  ];
}

const measuring = process.argv.find((a) => a.startsWith("--measure="))?.slice("--measure=".length);
if (measuring === "pglite" || measuring === "postgres")
  measure(measuring, process.argv.includes("--quick")).then(
    (r) => console.log(`${RESULT}${JSON.stringify(r)}`),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
else runIfMain(import.meta.url, run);

// History benchmark, over HTTP to a built console (the requests a browser makes), on PGlite and
// on PostgreSQL in the same run: the history seeded with N events (default 1,000,000; --quick
// 50,000) before the console starts, then, signed in as an auditor:
//   history_page    p95 of GET /history (first page), filtered by actor and a 7-day range, and a
//                   deep page (a cursor 95 % of the way back), each the whole answer read; baseline:
//                   the same page filtered to an actor with no events (the page's own cost)
//   history_search  p95 of a no-match free-text search (GET /history?q=…), and, while a search the
//                   trigram index cannot narrow (q=#) runs, the latency of an unrelated request
//                   (GET /api/health, one database query) sampled every 5 ms; baseline: that
//                   request's latency with nothing else running
//   history_export  GET /api/history/export?format=csv read to the end: the console process's RSS
//                   growth (VmRSS sampled every 25 ms, peak minus before); baseline: its RSS before.
//                   Then the same export read by a slow client (64 KB, then a 50 ms pause, for up to
//                   SLOW_READ_MS, then to the end at full speed): `slowReaderGrowthMb`, the same
//                   measure; a console that read ahead of its client would grow with the export
// Run: npx tsx --conditions=react-server bench/history.ts [--quick] [--events N]
import { randomUUID } from "node:crypto";
import http from "node:http";
import { sql } from "drizzle-orm";
import { eventHash, GENESIS_HASH, type HashedFields } from "../lib/audit/hash";
import { encodeCursor } from "../lib/audit/query";
import { queryRows, type DbHandle } from "../lib/db/client";
import { runIfMain } from "./standalone";
import { ensureBuild, httpSignIn, pct, r1, r2, rssMb, sleep, startConsole, type Console, type Figure } from "./console-server";
import { describeSteps, medians, pageSteps } from "./request-steps";

const BATCH = 5000;
const ACTORS = Array.from({ length: 50 }, (_, i) => `user${i}@bench.test`);
const ACTIONS = ["login.open", "login.close", "image.share", "key.upload", "key.delete", "instance.reboot", "auth.sign_in"];
const DAY = 86_400_000;

/** Deterministic events in id order; 60% of operations have a requested and a completed event. */
function* events(n: number, start: number, span: number, after = 0): Generator<HashedFields> {
  let id = after;
  let op = 0;
  const step = span / n;
  while (id < after + n) {
    op++;
    const actor = ACTORS[op % ACTORS.length];
    const action = ACTIONS[op % ACTIONS.length];
    const two = op % 5 < 3 && id + 1 < after + n;
    const base = {
      operationId: randomUUID(),
      actorId: `id-${op % ACTORS.length}`,
      actorEmail: actor,
      actorRole: "operator",
      action,
      targetType: action === "image.share" ? "image" : "instance",
      targetId: action === "image.share" ? `m-${op % 500}` : `aic-${op % 10_000}`,
      sourceIp: `10.0.${op % 200}.${op % 250}`,
      userAgent: "bench",
      bulkId: null,
      ensRequestId: null,
      errorCode: null,
      errorMessage: null,
      durationMs: null,
      result: null,
    };
    const failed = op % 17 === 0;
    const done = {
      outcome: failed ? "failure" : "success",
      errorCode: failed ? "Throttling.User" : null,
      errorMessage: failed ? "throttled" : null,
      ensRequestId: `REQ-${op}`,
      durationMs: 40 + (op % 300),
    };
    if (two) {
      yield {
        ...base,
        id: ++id,
        at: new Date(Math.round(start + id * step)),
        params: action === "image.share" ? { Users: ["1234567890123456"] } : { op },
        phase: "requested",
        outcome: null,
      };
      yield { ...base, ...done, id: ++id, at: new Date(Math.round(start + id * step)), params: null, phase: "completed" };
    } else {
      yield { ...base, ...done, id: ++id, at: new Date(Math.round(start + id * step)), params: { op }, phase: "completed" };
    }
  }
}

/**
 * Appends `n` events with a valid hash chain after whatever the table holds (the accounts the
 * bench created may have written some); returns the ms it took.
 */
export async function seed(h: DbHandle, n: number, start: number, span: number): Promise<number> {
  const t0 = performance.now();
  const [last] = await queryRows<{ id: number; hash: string }>(h.db, sql`SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1`);
  const after = last ? Number(last.id) : 0;
  let prev = last?.hash ?? GENESIS_HASH;
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const json = JSON.stringify(batch);
    batch = [];
    await h.db.execute(sql`INSERT INTO audit_events SELECT * FROM json_populate_recordset(NULL::audit_events, ${json}::json)`);
  };
  for (const e of events(n, start, span, after)) {
    const hash = eventHash(prev, e);
    batch.push({
      id: e.id,
      operation_id: e.operationId,
      at: e.at.toISOString(),
      actor_id: e.actorId,
      actor_email: e.actorEmail,
      actor_role: e.actorRole,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      params: e.params,
      phase: e.phase,
      outcome: e.outcome,
      error_code: e.errorCode,
      error_message: e.errorMessage,
      ens_request_id: e.ensRequestId,
      duration_ms: e.durationMs,
      source_ip: e.sourceIp,
      user_agent: e.userAgent,
      bulk_id: e.bulkId,
      prev_hash: prev,
      hash,
    });
    prev = hash;
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  await h.db.execute(sql`SELECT setval(pg_get_serial_sequence('audit_events', 'id'), ${after + n})`);
  await h.db.execute(sql`ANALYZE audit_events`);
  return performance.now() - t0;
}

const AUDITOR = { email: "auditor@bench.test", password: "bench-password-auditor", role: "auditor" as const };

interface Timing {
  p50: number;
  p95: number;
  max: number;
}

function summary(xs: number[]): Timing {
  return { p50: r2(pct(xs, 50)), p95: r2(pct(xs, 95)), max: r2(Math.max(...xs)) };
}

/** ms for one GET read to its end (status checked). */
async function get(c: Console, cookie: string, url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(c.url + url, { headers: { cookie } });
  const body = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${body.slice(0, 200)}`);
  return ms;
}

async function timed(runs: number, fn: () => Promise<number>): Promise<Timing> {
  for (let i = 0; i < 3; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await fn());
  return summary(xs);
}

/** The unrelated request's latency, every 5 ms while `work` runs (or for `idleMs` when there is none). */
async function pings(
  c: Console,
  work: (() => Promise<unknown>) | null,
  idleMs = 1000,
): Promise<Timing & { workMs: number; samples: number }> {
  let done = false;
  const t0 = performance.now();
  const running = work ? work().finally(() => (done = true)) : sleep(idleMs).then(() => (done = true));
  const xs: number[] = [];
  while (!done) {
    const t = performance.now();
    const res = await fetch(`${c.url}/api/health`);
    await res.text();
    xs.push(performance.now() - t);
    await sleep(5);
  }
  await running;
  return { ...summary(xs), workMs: r1(performance.now() - t0), samples: xs.length };
}

/** How long the slow client reads slowly before it drains the rest (the full run's export is ~130 MB). */
const SLOW_READ_MS = 90_000;

interface ExportRun {
  rows: number;
  seconds: number;
  before: number;
  growth: number;
}

/**
 * The console's RSS growth while the export is read to its end: by a fast client (fetch, each
 * chunk taken as it comes) or, with `slow`, by one that takes 64 KB and then pauses 50 ms (node
 * http, res.pause()/resume(): TCP backpressure, as a slow network or a busy client gives).
 */
async function exportRss(c: Console, cookie: string, slow = false): Promise<ExportRun> {
  const pid = c.pids[0];
  const before = rssMb(pid).rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid).rss)), 25);
  const t0 = performance.now();
  let rows = 0;
  const count = (value: Uint8Array) => {
    for (let i = 0; i < value.length; i++) if (value[i] === 10) rows++;
  };
  const url = `${c.url}/api/history/export?format=csv`;
  try {
    if (slow) await slowRead(url, cookie, count, t0);
    else {
      const res = await fetch(url, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`export: ${res.status}`);
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        count(value);
      }
    }
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, rssMb(pid).rss);
  return { rows: rows - 1, seconds: (performance.now() - t0) / 1000, before, growth: r1(peak - before) };
}

function slowRead(url: string, cookie: string, count: (b: Uint8Array) => void, t0: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`export: ${res.statusCode}`));
        return;
      }
      let since = 0;
      res.on("data", (b: Buffer) => {
        count(b);
        since += b.length;
        if (since >= 65_536 && performance.now() - t0 < SLOW_READ_MS) {
          since = 0;
          res.pause();
          setTimeout(() => res.resume(), 50);
        }
      });
      res.on("end", resolve);
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

export interface Backend {
  kind: "pglite" | "postgres";
  events: number;
  seedPerS: number;
  first: Timing;
  filtered: Timing;
  deep: Timing;
  empty: Timing;
  search: Timing;
  unindexed: Timing & { workMs: number; samples: number };
  idle: Timing & { workMs: number; samples: number };
  export: ExportRun;
  /** The same export read by a slow client (after the fast one). */
  slowExport: ExportRun;
  /** Median ms per server step of each page kind (first, filtered, deep, empty). */
  steps: Record<string, Record<string, number>>;
}

async function measure(kind: "pglite" | "postgres", slot: number, n: number, quick: boolean): Promise<Backend> {
  const now = Date.now();
  const span = 30 * DAY;
  let seedMs = 0;
  let deepCursor = "";
  const t0 = performance.now();
  const c = await startConsole(
    slot,
    { servers: 25, aicsPerServer: 4 },
    {
      postgres: kind === "postgres",
      users: [AUDITOR],
      prepare: async (h: DbHandle) => {
        seedMs = await seed(h, n, now - span, span);
        const [deep] = await queryRows<{ at: string; id: number }>(
          h.db,
          sql`SELECT to_json(at)#>>'{}' AS at, id FROM audit_events ORDER BY at, id OFFSET ${Math.floor(n * 0.05)} LIMIT 1`,
        );
        deepCursor = encodeCursor({ at: deep.at, id: Number(deep.id) });
      },
    },
  );
  console.log(
    `  [${kind}] ${n.toLocaleString("en-US")} events seeded in ${(seedMs / 1000).toFixed(1)} s; console up after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  try {
    const cookie = await httpSignIn(c.url, AUDITOR.email, AUDITOR.password);
    const runs = quick ? 30 : 60;
    const from = new Date(now - 7 * DAY).toISOString().slice(0, 16);
    const to = new Date(now).toISOString().slice(0, 16);
    const page = (qs: string) => () => get(c, cookie, `/history${qs}`);
    // Where each page's server time goes: the steps of its `page history` log lines (lib/log/steps.ts).
    const steps: Record<string, Record<string, number>> = {};
    const timedPage = async (label: string, qs: string) => {
      const from = c.logLines().length;
      const t = await timed(runs, page(qs));
      steps[label] = medians(pageSteps(c.logLines().slice(from), "history"));
      return t;
    };
    const first = await timedPage("first", "");
    const filtered = await timedPage("filtered", `?actor=${encodeURIComponent(ACTORS[7])}&range=custom&from=${from}&to=${to}`);
    const deep = await timedPage("deep", `?before=${deepCursor}`);
    const empty = await timedPage("empty", `?actor=${encodeURIComponent("nobody@bench.test")}`);
    for (const [label, m] of Object.entries(steps)) console.log(`  [${kind}] ${label} page, on the server (median): ${describeSteps(m)}`);
    const search = await timed(runs, page("?q=nomatch-zq"));
    const idle = await pings(c, null, 1000);
    // One character has no trigram: this search scans, window by window, until its budget.
    const unindexed = await pings(c, () => get(c, cookie, "/history?q=%23"));
    const exp = await exportRss(c, cookie);
    const slowExp = await exportRss(c, cookie, true);
    const b: Backend = {
      kind,
      events: n,
      seedPerS: Math.round(n / (seedMs / 1000)),
      first,
      filtered,
      deep,
      empty,
      search,
      unindexed,
      idle,
      export: exp,
      slowExport: slowExp,
      steps,
    };
    console.log(
      `  [${kind}] p95 first ${first.p95} / filtered ${filtered.p95} / deep ${deep.p95} ms (empty-result page ${empty.p95}); ` +
        `no-match search p95 ${search.p95} ms; during an unindexable search (${unindexed.workMs} ms) /api/health p95 ${unindexed.p95}, max ${unindexed.max} ms (idle p95 ${idle.p95}, max ${idle.max}); ` +
        `export ${exp.rows} rows in ${exp.seconds.toFixed(1)} s, RSS ${exp.before} MB +${exp.growth} MB; ` +
        `slow reader ${slowExp.rows} rows in ${slowExp.seconds.toFixed(1)} s, RSS ${slowExp.before} MB +${slowExp.growth} MB`,
    );
    return b;
  } finally {
    await c.stop();
  }
}

export async function runBackends({ quick = false, events }: { quick?: boolean; events?: number } = {}): Promise<Backend[]> {
  ensureBuild();
  const n = events ?? (quick ? 50_000 : 1_000_000);
  return [await measure("pglite", 30, n, quick), await measure("postgres", 31, n, quick)];
}

/** The three figures from both backends: each value is the worst backend's. */
export async function run(opts: { quick?: boolean; events?: number } = {}): Promise<Figure[]> {
  const all = await runBackends(opts);
  const per = <T>(f: (b: Backend) => T) => Object.fromEntries(all.map((b) => [b.kind, f(b)]));
  const worst = (f: (b: Backend) => number) => all.reduce((w, b) => (f(b) > f(w) ? b : w));
  const pagesP95 = (b: Backend) => Math.max(b.first.p95, b.filtered.p95, b.deep.p95);
  const wp = worst(pagesP95);
  const ws = worst((b) => b.search.p95);
  const wo = worst((b) => b.unindexed.max);
  const we = worst((b) => b.export.growth);
  return [
    {
      name: "history_page",
      value: pagesP95(wp),
      unit: "ms p95",
      baseline: wp.empty.p95,
      ratio: r2(pagesP95(wp) / wp.empty.p95),
      events: all[0].events,
      worstBackend: wp.kind,
      p95: per((b) => ({ first: b.first.p95, filtered: b.filtered.p95, deep: b.deep.p95, emptyResult: b.empty.p95 })),
      p50: per((b) => ({ first: b.first.p50, filtered: b.filtered.p50, deep: b.deep.p50, emptyResult: b.empty.p50 })),
      seedEventsPerS: per((b) => b.seedPerS),
      serverSteps: per((b) => b.steps),
    },
    {
      name: "history_search",
      value: ws.search.p95,
      unit: "ms p95",
      baseline: wp.empty.p95,
      ratio: r2(ws.search.p95 / wp.empty.p95),
      events: all[0].events,
      otherRequestMaxMs: wo.unindexed.max,
      otherRequestIdleMaxMs: wo.idle.max,
      perBackend: per((b) => ({
        searchP95: b.search.p95,
        searchP50: b.search.p50,
        unindexedSearchMs: b.unindexed.workMs,
        otherRequestP95: b.unindexed.p95,
        otherRequestMax: b.unindexed.max,
        otherRequestIdleP95: b.idle.p95,
        otherRequestIdleMax: b.idle.max,
      })),
    },
    {
      name: "history_export",
      value: we.export.growth,
      unit: "MB RSS growth",
      baseline: we.export.before,
      ratio: r2((we.export.before + we.export.growth) / we.export.before),
      rows: we.export.rows,
      worstBackend: we.kind,
      perBackend: per((b) => ({
        rows: b.export.rows,
        rowsPerS: Math.round(b.export.rows / b.export.seconds),
        rssBeforeMb: b.export.before,
        growthMb: b.export.growth,
        slowReaderGrowthMb: b.slowExport.growth,
        slowReaderRssBeforeMb: b.slowExport.before,
        slowReaderSeconds: r1(b.slowExport.seconds),
      })),
      slowReaderGrowthMb: Math.max(...all.map((b) => b.slowExport.growth)),
    },
  ];
}

/** `--events N` (or `--events=N`): the events seeded, whatever the run's size. */
function eventsArg(): number | undefined {
  const i = process.argv.findIndex((a) => a === "--events" || a.startsWith("--events="));
  if (i < 0) return undefined;
  const v = Number(process.argv[i].includes("=") ? process.argv[i].split("=")[1] : process.argv[i + 1]);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

runIfMain(import.meta.url, (o) => run({ ...o, events: eventsArg() }));

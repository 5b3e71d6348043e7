// History benchmark: seeds N audit events (default 1,000,000; --quick 50,000) with a valid hash
// chain through a bulk JSON insert, then measures on PGlite and on PostgreSQL in the same run:
// first page, a page filtered by actor and date range, a deep keyset page (p50/p95), and a full
// CSV export (rows/s, peak RSS growth), and a no-match search: indexed (p95), one the index cannot
// narrow (its time, bounded by the history budget), and a trivial query's latency while the latter
// runs (on PGlite every statement holds the Node thread). Run: npx tsx bench/history.ts [--quick] [--events N]
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import pg from "pg";
import { exportStream } from "../lib/audit/export";
import { eventHash, GENESIS_HASH, type HashedFields } from "../lib/audit/hash";
import { listOperations, type Cursor } from "../lib/audit/query";
import { openDb, queryRows, type DbHandle } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { historyFilterSchema, type HistoryFilter } from "../lib/validation/history-filter";

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
}

const PG_ADMIN = process.env.BENCH_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const BATCH = 5000;
const ACTORS = Array.from({ length: 50 }, (_, i) => `user${i}@bench.test`);
const ACTIONS = ["login.open", "login.close", "image.share", "key.upload", "key.delete", "instance.reboot", "auth.sign_in"];
const DAY = 86_400_000;

/** Deterministic events in id order; 60% of operations have a requested and a completed event. */
function* events(n: number, start: number, span: number): Generator<HashedFields> {
  let id = 0;
  let op = 0;
  const step = span / n;
  while (id < n) {
    op++;
    const actor = ACTORS[op % ACTORS.length];
    const action = ACTIONS[op % ACTIONS.length];
    const two = op % 5 < 3 && id + 1 < n;
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

export async function seed(h: DbHandle, n: number, start: number, span: number): Promise<number> {
  const t0 = performance.now();
  let prev = GENESIS_HASH;
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const json = JSON.stringify(batch);
    batch = [];
    await h.db.execute(sql`INSERT INTO audit_events SELECT * FROM json_populate_recordset(NULL::audit_events, ${json}::json)`);
  };
  for (const e of events(n, start, span)) {
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
  await h.db.execute(sql`SELECT setval(pg_get_serial_sequence('audit_events', 'id'), ${n})`);
  await h.db.execute(sql`ANALYZE audit_events`);
  return performance.now() - t0;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function timed(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return { p50: pct(xs, 50), p95: pct(xs, 95) };
}

async function exportFull(h: DbHandle, now: Date): Promise<{ rows: number; seconds: number; rssGrowthMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const t0 = performance.now();
  let rows = 0;
  const reader = exportStream(h.db, {}, { format: "csv", now }).getReader();
  const dec = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const ch of dec.decode(value)) if (ch === "\n") rows++;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  clearInterval(timer);
  return { rows: rows - 1, seconds: (performance.now() - t0) / 1000, rssGrowthMb: (peak - base) / 2 ** 20 };
}

/** A trivial query's latency, sampled every 5 ms while `work` runs. */
async function pingDuring(h: DbHandle, work: () => Promise<unknown>): Promise<{ p95: number; max: number; workMs: number }> {
  let done = false;
  const t0 = performance.now();
  const running = work().finally(() => (done = true));
  const xs: number[] = [];
  while (!done) {
    const t = performance.now();
    await h.db.execute(sql`SELECT 1`);
    xs.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 5));
  }
  await running;
  const workMs = performance.now() - t0;
  return { p95: pct(xs, 95), max: Math.max(...xs), workMs };
}

async function measure(kind: "pglite" | "postgres", h: DbHandle, n: number, quick: boolean): Promise<Figure[]> {
  const now = new Date();
  const span = 30 * DAY;
  const start = now.getTime() - span;
  const seedMs = await seed(h, n, start, span);
  const runs = quick ? 30 : 60;
  const filter: HistoryFilter = historyFilterSchema.parse({
    actor: ACTORS[7],
    range: "custom",
    from: new Date(now.getTime() - 7 * DAY).toISOString(),
    to: now.toISOString(),
  });
  const [deep] = await queryRows<{ at: string; id: number }>(
    h.db,
    sql`SELECT to_json(at)#>>'{}' AS at, id FROM audit_events WHERE id = ${Math.floor(n * 0.05)}`,
  );
  const deepCursor: Cursor = { at: deep.at, id: Number(deep.id) };
  const first = await timed(runs, () => listOperations(h.db, {}, { limit: 50, now }));
  const filtered = await timed(runs, () => listOperations(h.db, filter, { limit: 50, now }));
  const deepPage = await timed(runs, () => listOperations(h.db, {}, { limit: 50, before: deepCursor, now }));
  const noMatch = historyFilterSchema.parse({ q: "nomatch-zq" });
  const searchNoMatch = await timed(runs, () => listOperations(h.db, noMatch, { limit: 50, now }));
  // One character has no trigram: this search scans, window by window, until its budget.
  const scan = historyFilterSchema.parse({ q: "#" });
  const pings = await pingDuring(h, () => listOperations(h.db, scan, { limit: 50, now }));
  const exp = await exportFull(h, now);
  const goal = kind === "pglite" ? 50 : 10;
  const f = (name: string, value: number, unit: string, baseline?: number): Figure => ({
    name: `history_${name}_${kind}`,
    value: Math.round(value * 100) / 100,
    unit,
    ...(baseline ? { baseline, ratio: Math.round((value / baseline) * 1000) / 1000 } : {}),
  });
  return [
    f("seed_events_per_s", n / (seedMs / 1000), "events/s"),
    f("first_page_p50", first.p50, "ms"),
    f("first_page_p95", first.p95, "ms", goal),
    f("filtered_page_p50", filtered.p50, "ms"),
    f("filtered_page_p95", filtered.p95, "ms"),
    f("deep_page_p50", deepPage.p50, "ms"),
    f("deep_page_p95", deepPage.p95, "ms"),
    f("search_no_match_p50", searchNoMatch.p50, "ms"),
    f("search_no_match_p95", searchNoMatch.p95, "ms", goal),
    f("search_unindexed_ms", pings.workMs, "ms"),
    f("concurrent_query_during_search_p95", pings.p95, "ms"),
    f("concurrent_query_during_search_max", pings.max, "ms", 100),
    f("export_rows", exp.rows, "rows"),
    f("export_rate", exp.rows / exp.seconds, "rows/s"),
    f("export_rss_growth", exp.rssGrowthMb, "MB", 100),
  ];
}

async function onPglite(n: number, quick: boolean): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aic-bench-history-"));
  const h = await openDb({ CONSOLE_DATA_DIR: dir });
  try {
    await migrate(h);
    return await measure("pglite", h, n, quick);
  } finally {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(n: number, quick: boolean): Promise<Figure[]> {
  const name = `aic_bench_history_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    console.error(`PostgreSQL not reachable at ${PG_ADMIN}; skipping it.`);
    return [];
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const h = await openDb({ DATABASE_URL: url.toString() });
  try {
    await migrate(h);
    return await measure("postgres", h, n, quick);
  } finally {
    await h.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export async function run({ quick = false, events: n }: { quick?: boolean; events?: number } = {}): Promise<Figure[]> {
  const count = n ?? (quick ? 50_000 : 1_000_000);
  return [...(await onPglite(count, quick)), ...(await onPostgres(count, quick))];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes("--quick");
  const i = process.argv.indexOf("--events");
  run({ quick, events: i > 0 ? Number(process.argv[i + 1]) : undefined }).then(
    (figures) => {
      for (const f of figures)
        console.log(
          `${f.name.padEnd(44)} ${String(f.value).padStart(12)} ${f.unit}${f.ratio !== undefined ? `  (goal ${f.baseline}, ratio ${f.ratio})` : ""}`,
        );
      console.log(JSON.stringify(figures));
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

// bulk_start_100k: "Select all" over a fleet of 100,000 AICs (12,500 servers × 8), a bulk login
// close started through the action the dialog calls, left to run for a while, then cancelled
// through the operation page's action; on PGlite and on PostgreSQL. Meanwhile an unrelated
// request (/api/health, which reads the database) is sent every 50 ms; its slowest answer is the
// figure that shows whether the operation blocks the console. Baseline: the same request's
// slowest answer in the seconds before the operation, same console, same run.
//   bulk_start_100k      slowest /api/health answer (ms) from the start to the operation's end, on
//                        PGlite; details: startMs (the start action's answer), cancelMs (the cancel's)
//   bulk_start_100k_pg   the same on PostgreSQL
// Also checked, not timed: the operation ends cancelled, and no item ends `unknown`.
// --quick: 10 s of running before the cancel instead of 20 s.
// Run: npx tsx --conditions=react-server bench/bulk-start-100k.ts [--quick]
import fs from "node:fs";
import path from "node:path";
import { runIfMain } from "./standalone";
import { distDir, ensureBuild, httpSignIn, r1, sleep, startConsole, type Console, type Figure } from "./console-server";

/** Slots 16 and 17: ports 3366/3367 (console) and 18966/18967 (emulator). */
const SLOT_PGLITE = 16;
const SLOT_POSTGRES = 17;
const SERVERS = 12_500;
const AICS_PER_SERVER = 8;
const INSTANCES = SERVERS * AICS_PER_SERVER;
const ROOT = path.resolve(import.meta.dirname, "..");

function actionId(exportedName: string): string {
  const m = JSON.parse(fs.readFileSync(path.join(ROOT, distDir(), "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  for (const [id, v] of Object.entries(m.node))
    if (v.exportedName === exportedName && v.filename === "lib/actions/operations.ts") return id;
  throw new Error(`no action ${exportedName} in ${distDir()}`);
}

async function callAction(c: Console, cookie: string, name: string, arg: unknown): Promise<{ ms: number; body: string }> {
  const t = performance.now();
  const res = await fetch(`${c.url}/operations`, {
    method: "POST",
    headers: {
      "next-action": actionId(name),
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: c.url,
      cookie,
    },
    body: JSON.stringify([arg]),
  });
  const body = await res.text();
  return { ms: performance.now() - t, body };
}

/** Samples /api/health every 50 ms until stopped; each sample's ms. */
function prober(c: Console) {
  const samples: { at: number; ms: number }[] = [];
  let on = true;
  const done = (async () => {
    while (on) {
      const t = performance.now();
      const ms = await fetch(`${c.url}/api/health`, { signal: AbortSignal.timeout(120_000) }).then(
        async (r) => (await r.text(), performance.now() - t),
        () => performance.now() - t,
      );
      samples.push({ at: t, ms });
      await sleep(50);
    }
  })();
  return {
    samples,
    slowestSince: (t0: number) => Math.max(0, ...samples.filter((s) => s.at + s.ms >= t0).map((s) => s.ms)),
    stop: async () => {
      on = false;
      await done;
    },
  };
}

interface OpView {
  state: string;
  counts: Record<string, number>;
  statusText: string;
}

async function readOp(c: Console, cookie: string, id: string): Promise<OpView> {
  const res = await fetch(`${c.url}/api/operations/${id}`, { headers: { cookie } });
  return (await res.json()) as OpView;
}

async function fleetTotal(c: Console, cookie: string): Promise<number> {
  const res = await fetch(`${c.url}/api/fleet?offset=0&limit=1`, { headers: { cookie } });
  if (!res.ok) return 0;
  return ((await res.json()) as { total?: number }).total ?? 0;
}

async function measure(postgres: boolean, runSeconds: number): Promise<Figure[]> {
  const slot = postgres ? SLOT_POSTGRES : SLOT_PGLITE;
  const c = await startConsole(slot, { servers: SERVERS, aicsPerServer: AICS_PER_SERVER, latencyMs: 20 }, { postgres });
  const prefix = postgres ? "bulk_start_100k_pg" : "bulk_start_100k";
  try {
    const say = (what: string) => console.error(`[${prefix}] ${what}`);
    const cookie = await httpSignIn(c.url);
    const until = Date.now() + 300_000;
    while ((await fleetTotal(c, cookie)) < INSTANCES) {
      if (Date.now() > until) throw new Error("the fleet index did not reach 100,000 instances in 5 min");
      await sleep(1000);
    }
    say("fleet indexed");
    const probe = prober(c);
    await sleep(3000);
    const baseline = probe.slowestSince(0);
    const t0 = performance.now();
    const start = await callAction(c, cookie, "startLoginOperation", { action: "close", selection: { filter: "", expected: INSTANCES } });
    const operationId = /"operationId":"([0-9a-f-]{36})"/.exec(start.body)?.[1];
    if (!operationId) throw new Error(`start refused: ${start.body.slice(0, 500)}`);
    say(`started in ${r1(start.ms)} ms; slowest health so far ${r1(probe.slowestSince(t0))} ms`);
    await sleep(runSeconds * 1000);
    const cancel = await callAction(c, cookie, "cancelOperation", { operationId });
    if (!/"ok":true/.test(cancel.body)) throw new Error(`cancel refused: ${cancel.body.slice(0, 500)}`);
    say(`cancelled in ${r1(cancel.ms)} ms; slowest health so far ${r1(probe.slowestSince(t0))} ms`);
    let op = await readOp(c, cookie, operationId);
    const endBy = Date.now() + 120_000;
    while (op.state !== "cancelled" && op.state !== "finished" && Date.now() < endBy) {
      await sleep(500);
      op = await readOp(c, cookie, operationId);
    }
    await sleep(6000); // a sweep period after the end
    const slowest = probe.slowestSince(t0);
    if (process.env.BENCH_TRACE)
      console.error(
        "slowest samples (s after the start: ms)",
        [...probe.samples]
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 8)
          .map((x) => `${r1((x.at - t0) / 1000)}: ${r1(x.ms)}`),
      );
    await probe.stop();
    const detail = { state: op.state, counts: op.counts, samples: probe.samples.length };
    console.error(
      `${prefix}: start ${r1(start.ms)} ms, cancel ${r1(cancel.ms)} ms, slowest ${r1(slowest)} ms (idle ${r1(baseline)} ms)`,
      detail,
    );
    if (op.state !== "cancelled") throw new Error(`the operation did not end cancelled: ${JSON.stringify(op)}`);
    if (op.counts.unknown) throw new Error(`${op.counts.unknown} item(s) ended unknown`);
    return [
      {
        name: prefix,
        value: r1(slowest),
        unit: "ms",
        baseline: r1(baseline),
        ratio: r1(slowest / Math.max(1, baseline)),
        startMs: r1(start.ms),
        cancelMs: r1(cancel.ms),
        ...detail,
      },
    ];
  } finally {
    await c.stop();
  }
}

export async function run({ quick = false }: { quick?: boolean } = {}): Promise<Figure[]> {
  ensureBuild();
  const seconds = quick ? 10 : 20;
  const figures = await measure(false, seconds);
  if (process.env.BENCH_SKIP_POSTGRES !== "1") figures.push(...(await measure(true, seconds)));
  return figures;
}

runIfMain(import.meta.url, run);

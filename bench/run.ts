// `npm run bench [-- --quick] [-- --only=<suite or figure>,…]`: runs the benchmarks, prints one
// table, writes bench/results.json (one entry per figure: value, unit, baseline, ratio, goal, met,
// and the figure's details) and bench/run-info.json (when, how long, on what machine).
// `--only` merges into the existing results.json. `npx tsx bench/table.ts` prints the README table.
// `--runs=N` runs the whole set N times on one build; each figure is then its median run's (runEach).
// expiry_lateness waits a minute for its logins to fall due: the suites that fit run meanwhile
// (expiryWithOthers below), its console idle until then; each such figure says so (besideExpiry).
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { aggregateRuns, medianOf } from "./aggregate-runs";
import { ensureBuild, type Figure } from "./console-server";
import type { Entry } from "./table";

const quick = process.argv.includes("--quick");
const only = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",")
  .filter(Boolean);
/**
 * `--runs=N`: N whole runs in sequence, each its own process (`--run=<i>`, the same arguments) on
 * the one build, writing bench/results-run<i>.json; results.json then holds each figure's median
 * run with `acrossRuns` (min / median / max; bench/aggregate-runs.ts). Absent: one run, as always.
 */
const runs = Number(process.argv.find((a) => a.startsWith("--runs="))?.slice(7) ?? 1);
/** Set in each run that `--runs` starts: its number. */
const runNo = Number(process.argv.find((a) => a.startsWith("--run="))?.slice(6) ?? 0);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(runNo) || runNo < 0 || (runs > 1 && runNo))
  throw new Error("--runs=<a whole number ≥ 1> (--run=<i> is what --runs passes to each of its runs)");
/** Where results.json and run-info.json go (BENCH_RESULTS_DIR: elsewhere than bench/, e.g. to try the bench out). */
const dir = process.env.BENCH_RESULTS_DIR || import.meta.dirname;
fs.mkdirSync(dir, { recursive: true });

type Check = (f: Figure) => boolean;
const num = (v: unknown) => (typeof v === "number" ? v : NaN);
const sub = (f: Figure, k: string) => (f[k] ?? {}) as Record<string, Record<string, number>>;
const maxOf = (o: Record<string, number>) => Math.max(...Object.values(o));

/** Each figure's goal: its text and the check on what was measured. */
const GOALS: Record<string, [string, Check]> = {
  fleet_load: ["≥ 4× sequential, ≤ 1.3× ceil(pages/concurrency) × latency", (f) => num(f.ratio) >= 4 && f.value <= 1.3 * num(f.limit)],
  bulk_toggle: [
    "≥ 0.9 of the 50/s throttle, 0 lost, 1,000 audited",
    (f) => num(f.ratio) >= 0.9 && f.lost === 0 && f.items === 1000 && f.audited === 1000,
  ],
  fleet_100k_first_row: ["≤ 1 s (median) at 100,000", (f) => f.value <= 1000],
  fleet_100k_keystroke: ["≤ 50 ms p95 at 100,000", (f) => f.value <= 50],
  fleet_100k_bytes: ["≤ 500 KB at 100,000", (f) => f.value <= 500],
  fleet_100k_rss: ["≤ 400 MB at 100,000", (f) => f.value <= 400],
  fleet_listing_calls_20_tabs: ["20 tabs = 1 tab (± 5 %)", (f) => Math.abs(num(f.ratio) - 1) <= 0.05],
  live_update: ["p95 ≤ 2 s", (f) => f.value <= 2000],
  expiry_lateness: ["p95 ≤ 10 s", (f) => f.value <= 10 && f.notClosed === 0 && f.watchLateS === 0],
  history_page: [
    "p95 < 50 ms PGlite, < 10 ms PostgreSQL",
    (f) => {
      const p = sub(f, "p95");
      return !!p.pglite && !!p.postgres && maxOf(pagesOnly(p.pglite)) < 50 && maxOf(pagesOnly(p.postgres)) < 10;
    },
  ],
  history_search: [
    "search p95 < 500 ms; the other request < 100 ms; both backends",
    (f) => {
      const b = sub(f, "perBackend");
      return !!b.pglite && !!b.postgres && Object.values(b).every((x) => x.searchP95 < 500 && x.otherRequestMax < 100);
    },
  ],
  history_export: ["RSS growth < 100 MB, both backends", (f) => Object.keys(sub(f, "perBackend")).length === 2 && f.value < 100],
  access_report: [
    "p95 < 2 s at 1,000,000 events, both backends",
    (f) => {
      const p = sub(f, "p95");
      return !!p.pglite && !!p.postgres && f.value < 2000;
    },
  ],
  sign_in_stall: ["p99 < 20 ms", (f) => f.value < 20],
  js_weight_instances: ["≤ 1.15× the baseline", (f) => num(f.ratio) <= 1.15],
  js_weight_share: ["≤ 1.15× the baseline", (f) => num(f.ratio) <= 1.15],
  js_weight_history: ["≤ 1.15× the baseline", (f) => num(f.ratio) <= 1.15],
  js_weight_operations: ["≤ 1.15× the baseline", (f) => num(f.ratio) <= 1.15],
  action_overhead: ["≤ 1.25× the floor", (f) => num(f.ratio) <= 1.25],
  bulk_start_100k: ["other requests ≤ 1 s, cancel ≤ 2 s, 0 unknown (PGlite)", (f) => f.value <= 1000 && num(f.cancelMs) <= 2000],
  bulk_start_100k_pg: ["other requests ≤ 1 s, cancel ≤ 2 s, 0 unknown (PostgreSQL)", (f) => f.value <= 1000 && num(f.cancelMs) <= 2000],
  outbox_throughput: ["≥ 200 events/s (PGlite)", (f) => f.value >= 200],
  outbox_lag: ["p95 ≤ 1.5 s (PGlite)", (f) => f.value <= 1500],
  instances_tbt: ["TBT ≤ 50 ms (median)", (f) => f.value <= 50],
};
/** history_page's goal is on the three pages; the empty-result page is its baseline. */
function pagesOnly(p: Record<string, number>): Record<string, number> {
  return { first: p.first, filtered: p.filtered, deep: p.deep };
}

interface Suite {
  name: string;
  figures: string[];
  /** Seconds it usually takes ([--quick, full]): whether it fits in expiry_lateness's minute. */
  expect: [number, number];
  /** May run while expiry_lateness waits for its logins to fall due (that console idle meanwhile). */
  inWait?: boolean;
  run: () => Promise<Figure | Figure[]>;
}

/** The suites in run order, with the figures each one writes (results.json lists them in GOALS' order). */
const SUITES: Suite[] = [
  // First, and special in the loop below: it opens its logins; in the minute before they fall due,
  // js_weight (byte counts, which load does not change) visits its console, then the suites that
  // fit run; the closing is measured with nothing else running.
  { name: "expiry_lateness", figures: ["expiry_lateness"], expect: [80, 80], run: async () => (await import("./expiry-lateness")).run() },
  {
    name: "js_weight",
    figures: ["js_weight_instances", "js_weight_share", "js_weight_history", "js_weight_operations"],
    expect: [14, 15],
    run: async () => (await import("./js-weight")).run(),
  },
  {
    name: "fleet_load",
    figures: ["fleet_load"],
    expect: [21, 44],
    inWait: true,
    run: async () => (await import("./fleet-load")).run({ quick }),
  },
  {
    name: "bulk_toggle",
    figures: ["bulk_toggle"],
    expect: [32, 36],
    inWait: true,
    run: async () => (await import("./bulk-toggle-browser")).run(),
  },
  {
    name: "fleet_100k",
    figures: ["fleet_100k_first_row", "fleet_100k_keystroke", "fleet_100k_bytes", "fleet_100k_rss", "fleet_listing_calls_20_tabs"],
    expect: [47, 170],
    run: async () => (await import("./fleet-100k")).run({ quick }),
  },
  {
    name: "live_update",
    figures: ["live_update"],
    expect: [17, 46],
    inWait: true,
    run: async () => (await import("./live-update")).run({ quick }),
  },
  {
    name: "history",
    figures: ["history_page", "history_search", "history_export"],
    expect: [33, 300],
    run: async () => (await import("./history")).run({ quick }),
  },
  {
    name: "access_report",
    figures: ["access_report"],
    expect: [40, 300],
    run: async () => (await import("./access-report")).run({ quick }),
  },
  {
    name: "sign_in_stall",
    figures: ["sign_in_stall"],
    expect: [14, 30],
    inWait: true,
    run: async () => (await import("./sign-in-stall")).run({ quick }),
  },
  {
    name: "action_overhead",
    figures: ["action_overhead"],
    expect: [20, 50],
    inWait: true,
    run: async () => (await import("./action-overhead")).run({ quick }),
  },
  {
    name: "bulk_start_100k",
    figures: ["bulk_start_100k", "bulk_start_100k_pg"],
    expect: [150, 170],
    run: async () => (await import("./bulk-start-100k")).run({ quick }),
  },
  {
    name: "outbox",
    figures: ["outbox_throughput", "outbox_lag"],
    expect: [45, 130],
    run: async () => (await import("./outbox")).run({ quick }),
  },
  {
    name: "instances_tbt",
    figures: ["instances_tbt"],
    expect: [60, 110],
    run: async () => (await import("./instances-tbt")).run({ quick }),
  },
];

if (only) {
  const known = new Set(SUITES.flatMap((s) => [s.name, ...s.figures]));
  const bad = only.filter((o) => !known.has(o));
  if (bad.length) throw new Error(`--only: no suite or figure ${bad.join(", ")} (known: ${[...known].join(", ")})`);
}

function entry(f: Figure): Entry {
  const { name, value, unit, baseline, ratio, ...details } = f;
  const g = GOALS[name];
  let met = false;
  try {
    met = !!g && Number.isFinite(value) && g[1](f);
  } catch {
    met = false;
  }
  return { value, unit, baseline: baseline ?? null, ratio: ratio ?? null, goal: g?.[0] ?? "none", met, ...details, quick };
}

const loadAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
const t0 = performance.now();
ensureBuild(); // once, before any timing
// Every suite of this run uses that build, even if the sources change meanwhile.
process.env.BENCH_REUSE_BUILD = "1";
const buildS = (performance.now() - t0) / 1000;
const results: Record<string, Entry> = {};
const failures: string[] = [];
const seconds: Record<string, number> = {};
/** Suites that ran in expiry_lateness's minute of waiting. */
const inWait: string[] = [];

/** `beside`: run while expiry_lateness waited for its logins to fall due. */
async function runSuite(s: Suite, run: () => Promise<Figure | Figure[]> = s.run, beside?: "wait"): Promise<void> {
  const t = performance.now();
  const note = beside ? " (in expiry_lateness's wait)" : "";
  console.log(`\n=== ${s.name}${quick ? " (quick)" : ""}${note} ===`);
  let error = "its suite did not write it";
  try {
    const out = await run();
    for (const f of Array.isArray(out) ? out : [out]) results[f.name] = entry(beside ? { ...f, besideExpiry: beside } : f);
  } catch (e) {
    console.error(`${s.name} failed:`, e);
    error = String(e)
      .replace(/\u001b\[[0-9;]*m/g, "")
      .split("\n")[0]
      .slice(0, 200);
  }
  // A listed figure that could not be measured is written as not met, with the reason.
  const missing = s.figures.filter((name) => !(name in results) && GOALS[name] && name !== "fleet_listing_calls_20_tabs");
  if (missing.length) failures.push(s.name);
  for (const name of missing)
    results[name] = { value: null, unit: "", baseline: null, ratio: null, goal: GOALS[name][0], met: false, error, quick };
  seconds[s.name] = Math.round((performance.now() - t) / 1000);
  console.log(`(${s.name}: ${seconds[s.name]} s)`);
}

/**
 * expiry_lateness; in the minute before its logins fall due, js_weight on its console (byte
 * counts), then the later suites marked `inWait` whose usual times (each with a margin) fit before the first
 * due time, as many seconds of them as fit. The closing itself is measured with nothing else running.
 */
async function expiryWithOthers(queue: Suite[]): Promise<void> {
  const ex = SUITES.find((s) => s.name === "expiry_lateness")!;
  const t = performance.now();
  console.log(`\n=== expiry_lateness${quick ? " (quick)" : ""}: opening its logins ===`);
  const o = await (await import("./expiry-lateness")).open().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  const openS = (performance.now() - t) / 1000;
  if (o instanceof Error) return runSuite(ex, () => Promise.reject(o));
  // js_weight counts bytes: it visits expiry_lateness's own console (idle until the first due time).
  const js = queue.find((s) => s.name === "js_weight");
  if (js && Date.now() + js.expect[quick ? 0 : 1] * 2000 < o.firstDue) {
    queue.splice(queue.indexOf(js), 1);
    await runSuite(js, async () => (await import("./js-weight")).measureOn(o.browser, o.console, o.operation), "wait");
    inWait.push(js.name);
  }
  // The set of waiting suites with the most usual time whose times (each with a margin) fit.
  // The full run's suites vary more (longer, and more of them in the minute): a wider margin.
  const usual = (s: Suite) => s.expect[quick ? 0 : 1];
  const need = (s: Suite) => usual(s) * (quick ? 1.15 : 1.3) * 1000 + 2000;
  const room = o.firstDue - Date.now();
  const candidates = queue.filter((s) => s.inWait);
  let best: Suite[] = [];
  for (let mask = 1; mask < 1 << candidates.length; mask++) {
    const set = candidates.filter((_, i) => mask & (1 << i));
    const sum = (f: (s: Suite) => number) => set.reduce((a, s) => a + f(s), 0);
    if (sum(need) <= room && sum(usual) > best.reduce((a, s) => a + usual(s), 0)) best = set;
  }
  for (const s of best) {
    // A suite that would now end after the first due time waits for the closing to be measured.
    if (Date.now() + need(s) > o.firstDue) continue;
    queue.splice(queue.indexOf(s), 1);
    await runSuite(s, s.run, "wait");
    inWait.push(s.name);
  }
  console.log(`\n(expiry_lateness: the first login falls due in ${Math.max(0, Math.round((o.firstDue - Date.now()) / 1000))} s)`);
  await runSuite(ex, () => o.finish());
  seconds.expiry_lateness += Math.round(openS);
  console.log(`(expiry_lateness with its opening: ${seconds.expiry_lateness} s; in its wait: ${inWait.join(", ") || "nothing"})`);
}

// `--runs`: this process measures nothing itself; runEach starts each run on the build above.
const queue = runs > 1 ? [] : SUITES.filter((s) => !only || only.includes(s.name) || s.figures.some((f) => only.includes(f)));
while (queue.length) {
  const s = queue.shift()!;
  if (s.name === "expiry_lateness") await expiryWithOthers(queue);
  else await runSuite(s);
}
const eachRun = runs > 1 ? await runEach() : [];
const totalS = Math.round((performance.now() - t0) / 1000);

/**
 * `--runs=N`: runs the set N times in sequence, each a process of its own (`--run=<i>`) on this
 * build, each writing results-run<i>.json (kept) and run-info-run<i>.json (folded into run-info.json's
 * `eachRun`); fills `results` with each figure's median run, `seconds` with each suite's median.
 */
async function runEach(): Promise<Record<string, unknown>[]> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("--runs="));
  const runFile = (kind: string, i: number) => path.join(dir, `${kind}-run${i}.json`);
  for (const f of fs.readdirSync(dir)) if (/^(results|run-info)-run\d+\.json$/.test(f)) fs.rmSync(path.join(dir, f));
  const read = (f: string) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, "utf8")) : undefined);
  const perRun: (Record<string, Entry> | undefined)[] = [];
  const each: Record<string, unknown>[] = [];
  for (let i = 1; i <= runs; i++) {
    console.log(`\n##### run ${i} of ${runs} #####`);
    const t = performance.now();
    const code = await new Promise<number | null>((resolve) =>
      spawn(process.execPath, [...process.execArgv, process.argv[1], ...args, `--run=${i}`], { stdio: "inherit" })
        .on("exit", (c) => resolve(c))
        .on("error", () => resolve(null)),
    );
    perRun.push(read(runFile("results", i)));
    const ri = read(runFile("run-info", i));
    fs.rmSync(runFile("run-info", i), { force: true });
    const failed: string[] = ri?.failed ?? [`the run ended (exit code ${code}) before writing its results`];
    for (const f of failed) failures.push(`${f} (run ${i})`);
    for (const s of ri?.ranInExpiryWait ?? []) if (!inWait.includes(s)) inWait.push(s);
    each.push({
      run: i,
      date: ri?.date ?? null,
      seconds: ri?.totalSeconds ?? Math.round((performance.now() - t) / 1000),
      suiteSeconds: ri?.suiteSeconds ?? {},
      ranInExpiryWait: ri?.ranInExpiryWait ?? [],
      failed,
      loadAverageAtStart: ri?.machine.loadAverageAtStart ?? null,
      loadAverageAtEnd: ri?.machine.loadAverageAtEnd ?? null,
    });
  }
  Object.assign(results, aggregateRuns(perRun));
  const suites = new Set(each.flatMap((r) => Object.keys(r.suiteSeconds as object)));
  for (const s of suites) seconds[s] = medianOf(each.flatMap((r) => (r.suiteSeconds as Record<string, number>)[s] ?? []))!;
  return each;
}

const file = path.join(dir, runNo ? `results-run${runNo}.json` : "results.json");
const prev = only && !runNo && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, Entry>) : {};
// Entries of figures this suite no longer writes are dropped.
const known = new Set(SUITES.flatMap((s) => s.figures));
const merged = { ...Object.fromEntries(Object.entries(prev).filter(([k]) => known.has(k))), ...results };
// Listed names first, in the issue's order; extra figures after.
const order = [...Object.keys(GOALS), ...Object.keys(merged).filter((k) => !(k in GOALS))];
const sorted = Object.fromEntries(order.filter((k) => k in merged).map((k) => [k, merged[k]]));
fs.writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);

const chromium = (() => {
  try {
    return execFileSync(process.env.PLAYWRIGHT_CHROMIUM_PATH || "/usr/bin/chromium", ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    })
      .trim()
      .replace(/\s+/g, " ");
  } catch {
    return "unknown";
  }
})();
const info = {
  date: new Date().toISOString(),
  command: `npm run bench${quick || only || runs > 1 ? " --" : ""}${quick ? " --quick" : ""}${only ? ` --only=${only.join(",")}` : ""}${runs > 1 ? ` --runs=${runs}` : ""}`,
  totalSeconds: totalS,
  buildSeconds: Math.round(buildS),
  // `--runs`: each run's duration, suites and load average; suiteSeconds below are each suite's median.
  ...(runs > 1 ? { runs, eachRun } : {}),
  suiteSeconds: seconds,
  ranInExpiryWait: inWait,
  failed: failures,
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    chromium,
  },
};
const infoFile = path.join(dir, runNo ? `run-info-run${runNo}.json` : "run-info.json");
// Formatted as `npm run lint` (prettier) wants it, so a run leaves nothing to reformat.
const { format } = await import("prettier");
const writeInfo = async (o: unknown) => fs.writeFileSync(infoFile, await format(JSON.stringify(o, null, 2), { parser: "json" }));
if (only && !runNo && fs.existsSync(infoFile)) {
  // A partial run keeps the last whole run's record and notes itself beside it.
  const last = JSON.parse(fs.readFileSync(infoFile, "utf8"));
  last.suiteSeconds = { ...last.suiteSeconds, ...seconds };
  last.partialRuns = [
    ...(last.partialRuns ?? []).slice(-9),
    {
      date: info.date,
      command: info.command,
      suiteSeconds: seconds,
      failed: failures,
      loadAverageAtEnd: info.machine.loadAverageAtEnd,
      ...(runs > 1 ? { runs, eachRun } : {}),
    },
  ];
  await writeInfo(last);
} else await writeInfo(info);

const { table } = await import("./table");
console.log(`\n${table(sorted)}`);
console.log(`\ntotal ${totalS} s (build ${Math.round(buildS)} s)${failures.length ? `; FAILED: ${failures.join(", ")}` : ""}`);
if (failures.length) process.exitCode = 1;

// `npm run bench [-- --quick]`: runs every benchmark, prints one table, writes bench/results.json.
import fs from "node:fs";
import path from "node:path";

interface Row {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  goal: string;
  met?: boolean;
}
type Fig = { name: string; value: number; unit: string; baseline?: number; ratio?: number; [k: string]: unknown };

const quick = process.argv.includes("--quick");
const only = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");

/** Each goal: its text and a check on the figure (undefined = printed only). */
const GOALS: Record<string, [string, (f: Fig) => boolean] | undefined> = {
  fleet_load: ["≥ 4× faster than sequential, ≤ 1.3× limit", (f) => (f.ratio ?? 0) >= 4 && f.value <= 1.3 * Number(f.limit)],
  bulk_toggle: [
    "through the browser: ≥ 0.9 of 50/s, 0 lost, all audited",
    (f) => (f.ratio ?? 0) >= 0.9 && f.lost === 0 && f.audited === f.items,
  ],
  bulk_toggle_in_process: ["printed (the engine-less path users no longer take)", () => true],
  instances_page_first_row: ["printed (baseline = 100 AICs)", () => true],
  instances_page_keystroke: ["< 100 ms at 10,000", (f) => f.value < 100],
  js_weight_instances: ["≤ 1.15× baseline", (f) => (f.ratio ?? 9) <= 1.15],
  js_weight_share: ["≤ 1.15× baseline", (f) => (f.ratio ?? 9) <= 1.15],
  js_weight_history: ["≤ 1.15× baseline", (f) => (f.ratio ?? 9) <= 1.15],
  action_overhead: ["≤ 20 ms", (f) => f.value <= 20],
  fleet_100k_first_row: ["≤ 1000 ms median at 100,000 (baseline = 1,000 AICs)", (f) => f.value <= 1000],
  fleet_100k_keystroke: ["≤ 50 ms p95 at 100,000", (f) => f.value <= 50],
  fleet_100k_bytes: ["≤ 500 KB cold visit at 100,000", (f) => f.value <= 500],
  fleet_100k_rss: ["≤ 400 MB at 100,000", (f) => f.value <= 400],
  fleet_listing_calls_20_tabs: ["20 tabs = 1 tab (ratio 1.0 ± 0.05)", (f) => Math.abs((f.ratio ?? 9) - 1) <= 0.05],
};
function goalFor(f: Fig): Row {
  let g = GOALS[f.name];
  if (!g && f.name.startsWith("history_")) {
    const pg = f.name.endsWith("_postgres");
    if (/_page_p95_/.test(f.name)) g = [pg ? "< 10 ms" : "< 50 ms", (x) => x.value < (pg ? 10 : 50)];
    else if (f.name.startsWith("history_export_rss_growth")) g = ["< 100 MB", (x) => x.value < 100];
    else g = ["printed", () => true];
  }
  return {
    name: f.name,
    value: f.value,
    unit: f.unit,
    baseline: f.baseline,
    ratio: f.ratio,
    goal: g?.[0] ?? "—",
    met: g ? g[1](f) : undefined,
  };
}

const SUITES: [string, () => Promise<unknown>][] = [
  ["fleet_load", async () => (await import("./fleet-load")).run({ quick })],
  ["bulk_toggle", async () => (await import("./bulk-toggle-browser")).run({ quick })],
  ["bulk_toggle_in_process", async () => (await import("./bulk-toggle")).run({ quick })],
  ["history", async () => (await import("./history")).run({ quick })],
  ["instances_page", async () => (await import("./instances-page")).run({ quick })],
  ["fleet_100k", async () => (await import("./fleet-100k")).run({ quick })],
  ["js_weight", async () => (await import("./js-weight")).run()],
  ["action_overhead", async () => (await import("./action-overhead")).run({ quick })],
];

const rows: Row[] = [];
const failures: string[] = [];
const t0 = performance.now();
for (const [name, fn] of SUITES) {
  if (only && !only.includes(name)) continue;
  const t = performance.now();
  console.log(`\n=== ${name}${quick ? " (quick)" : ""} ===`);
  try {
    const out = (await fn()) as Fig | Fig[];
    for (const f of Array.isArray(out) ? out : [out]) rows.push(goalFor(f));
  } catch (e) {
    console.error(`${name} failed:`, e);
    failures.push(name);
  }
  console.log(`(${name}: ${((performance.now() - t) / 1000).toFixed(0)} s)`);
}

const cells = rows.map((r) => [
  r.name,
  `${r.value} ${r.unit}`,
  r.baseline === undefined ? "—" : String(r.baseline),
  r.ratio === undefined ? "—" : String(r.ratio),
  r.goal,
  r.met === undefined ? "—" : r.met ? "yes" : "NO",
]);
const head = ["figure", "value", "baseline", "ratio", "goal", "met?"];
const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(" | ")} |`;
console.log(`\n${line(head)}\n|${widths.map((w) => "-".repeat(w + 2)).join("|")}|\n${cells.map(line).join("\n")}`);
console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(0)} s${failures.length ? `; FAILED: ${failures.join(", ")}` : ""}`);

const file = path.join(import.meta.dirname, "results.json");
const prev = only && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
const results = { ...prev };
for (const r of rows) results[r.name] = { value: r.value, unit: r.unit, baseline: r.baseline ?? null, ratio: r.ratio ?? null };
fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
if (failures.length) process.exitCode = 1;

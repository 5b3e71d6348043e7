// Prints the README's performance table (markdown) from bench/results.json and bench/run-info.json.
// Run: npx tsx bench/table.ts   (after `npm run bench -- --quick` or `npm run bench`)
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AcrossRuns, Entry } from "./aggregate-runs";

export type { Entry };

/** What each figure measures, and what its baseline is (both measured in the same run). */
const WHAT: Record<string, [string, string]> = {
  fleet_load: ["Refresh of 10,000 AICs at 50 ms latency (`GET /api/fleet?fresh=1`)", "sequential paging"],
  bulk_toggle: ["1,000 closes through the browser, click → the operation page's final status, 50/s throttle", "the throttle"],
  fleet_100k_first_row: ["/instances first row, 100,000 AICs (median, warm index)", "1,000 AICs"],
  fleet_100k_keystroke: ["search keystroke → new count, 100,000 AICs (p95)", "1,000 AICs"],
  fleet_100k_bytes: ["cold /instances on the wire, 100,000 AICs", "1,000 AICs"],
  fleet_100k_rss: ["console RSS after the measures, 100,000 AICs, on PostgreSQL", "1,000 AICs"],
  fleet_listing_calls_20_tabs: ["DescribeARMServerInstances per minute with 20 tabs (full run only)", "1 tab"],
  live_update: ["a close in browser A (replica A) → shown in browser B (replica B), PostgreSQL", "A's own switch settled"],
  expiry_lateness: ["100 logins opened for 1 min: due → closed on ENS", "the expiry pass period"],
  history_page: ["GET /history first / filtered / deep page, worst p95 of both backends", "the same page, empty result"],
  history_search: ["no-match free-text search (GET /history?q=), worst p95 of both backends", "the empty-result page"],
  history_export: ["CSV export, console RSS growth, worst of both backends", "RSS before"],
  access_report: [
    "GET /reports/access: an instance (30 days) / a prefix / a user (7 days) / every instance (1 day), worst p95 of both backends",
    "the same page, empty result",
  ],
  outbox_throughput: [
    "audit events delivered per second to a local webhook receiver (a backlog, signed, in chain order), PGlite",
    "a plain signed-POST loop to the same receiver",
  ],
  outbox_lag: ["append → delivered to a local webhook receiver (p95), PGlite", "the outbox pass period (CONSOLE_OUTBOUND_CHECK_MS)"],
  instances_tbt: ["Total Blocking Time of a cold signed-in /instances, 200-AIC demo fleet, Chromium (median)", "/keys, same measure"],
  sign_in_stall: ["server event-loop delay during 10 parallel sign-ins (p99, /api/metrics)", "10 parallel GET /login"],
  js_weight_instances: ["gzipped JS of /instances", "lightest console page"],
  js_weight_share: ["gzipped JS of /images/<id>/share", "lightest console page"],
  js_weight_history: ["gzipped JS of /history", "lightest console page"],
  js_weight_operations: ["gzipped JS of /operations/<id>", "lightest console page"],
  action_overhead: ["a toggle, click → settled, minus 2 × 50 ms ENS latency", "the floor: a no-op server action"],
  bulk_start_100k: [
    "select all over 100,000 AICs, start a close and cancel it: slowest other request (/api/health), PGlite",
    "idle /api/health",
  ],
  bulk_start_100k_pg: ["the same on PostgreSQL", "idle /api/health"],
};

const fmt = (v: number | null) => (v === null ? "—" : Number.isInteger(v) ? v.toLocaleString("en-US") : String(v));

/** Details worth a table cell beside the value. */
function extra(name: string, e: Entry): string {
  const d = e as Record<string, unknown>;
  const o = (k: string) => d[k] as Record<string, Record<string, number>> | undefined;
  switch (name) {
    case "fleet_load":
      return `; ${d.ofLimit}× the ${d.limit} ms limit`;
    case "bulk_toggle":
      return ` (${d.seconds} s), ${d.lost} lost, ${d.audited} audited`;
    case "expiry_lateness":
      return `, ${d.closed} of ${d.logins} closed`;
    case "history_page": {
      const p = o("p95");
      return p
        ? ` (${Object.entries(p)
            .map(([k, v]) => `${k === "pglite" ? "PGlite" : "PostgreSQL"} ${v.first} / ${v.filtered} / ${v.deep}`)
            .join("; ")}; ${fmt(d.events as number)} events)`
        : "";
    }
    case "history_search": {
      const p = o("perBackend");
      return p
        ? ` (${Object.entries(p)
            .map(([k, v]) => `${k === "pglite" ? "PGlite" : "PostgreSQL"} ${v.searchP95}, other request ≤ ${v.otherRequestMax} ms`)
            .join("; ")})`
        : "";
    }
    case "access_report": {
      const p = o("p95");
      return p
        ? ` (${Object.entries(p)
            .map(([k, v]) => `${k === "pglite" ? "PGlite" : "PostgreSQL"} ${v.instance} / ${v.prefix} / ${v.user} / ${v.all}`)
            .join("; ")}; ${fmt(d.events as number)} events)`
        : "";
    }
    case "outbox_throughput": {
      const p = o("perBackend");
      return p
        ? ` (${Object.entries(p)
            .map(([k, v]) => `${k === "pglite" ? "PGlite" : "PostgreSQL"} ${v.throughput}/s`)
            .join(", ")})`
        : "";
    }
    case "outbox_lag": {
      const p = o("perBackend");
      return p
        ? ` (${Object.entries(p)
            .map(([k, v]) => `${k === "pglite" ? "PGlite" : "PostgreSQL"} p95 ${v.p95} ms`)
            .join(", ")})`
        : "";
    }
    case "history_export": {
      const p = o("perBackend");
      return p
        ? ` (${Object.entries(p)
            .map(([k, v]) => `${k === "pglite" ? "PGlite" : "PostgreSQL"} +${v.growthMb} MB`)
            .join(", ")}; ${fmt(d.rows as number)} rows)`
        : "";
    }
    case "bulk_start_100k":
    case "bulk_start_100k_pg": {
      const c = d.counts as Record<string, number> | undefined;
      return ` (start answered in ${fmt(d.startMs as number)} ms, cancel in ${fmt(d.cancelMs as number)} ms; ${fmt(c?.unknown ?? 0)} unknown)`;
    }
    default:
      return "";
  }
}

/**
 * `--runs` (an entry with `acrossRuns`): the value is the median run's, with the min – max of the
 * runs beside it; baseline, ratio, details and `met` are the median run's, and how many runs met it.
 * Without it, one run's table.
 */
export function table(results: Record<string, Entry>): string {
  const multi = Object.values(results).some((e) => e.acrossRuns);
  const rows = Object.entries(results).map(([name, e]) => {
    const [what, base] = WHAT[name] ?? ["", "baseline"];
    const a = e.acrossRuns as AcrossRuns | undefined;
    // Beside --runs figures, one merged in from a single run (--only) says so.
    const spread = !a
      ? multi
        ? " (one run)"
        : ""
      : ` (${fmt(a.min)} – ${fmt(a.max)}${a.measured < a.of ? `; measured in ${a.measured} of ${a.of} runs` : ""})`;
    const value =
      e.value === null
        ? `not measured${a ? ` in any of ${a.of} runs` : ""}: ${String(e.error ?? "?")
            .split("\n")[0]
            .replaceAll("|", "/")
            .slice(0, 80)}`
        : `${fmt(e.value)} ${e.unit}${spread}${extra(name, e)}`;
    const baseline = e.baseline === null ? "—" : `${fmt(e.baseline)} (${base})`;
    const runsMet = a ? ` (${a.metByRun.filter(Boolean).length} of ${a.of} runs)` : "";
    return `| \`${name}\` ${what ? `— ${what}` : ""} | ${value} | ${baseline} | ${e.ratio === null ? "—" : fmt(e.ratio)} | ${e.goal} | ${e.met ? "yes" : "**no**"}${runsMet} |`;
  });
  const head = multi
    ? "| figure | value: median run (min – max of the runs) | baseline (median run) | ratio (median run) | goal | met? (median run; runs that met it) |"
    : "| figure | value | baseline (same run) | ratio | goal | met? |";
  return [head, "|---|---|---|---|---|---|", ...rows].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.env.BENCH_RESULTS_DIR || import.meta.dirname;
  const results = JSON.parse(fs.readFileSync(path.join(dir, "results.json"), "utf8")) as Record<string, Entry>;
  const infoFile = path.join(dir, "run-info.json");
  if (fs.existsSync(infoFile)) {
    const i = JSON.parse(fs.readFileSync(infoFile, "utf8"));
    console.log(
      `\`${i.command}\`, ${i.date.slice(0, 16).replace("T", " ")} UTC, ${i.totalSeconds} s (build ${i.buildSeconds} s); ${i.machine.cpus} cores (${i.machine.cpuModel}), ${i.machine.memoryGiB} GiB, Node ${i.machine.node}, ${i.machine.chromium}; load average (1 / 5 / 15 min) ${i.machine.loadAverageAtStart ? `at the start ${i.machine.loadAverageAtStart.join(" / ")}, ` : ""}at the end ${i.machine.loadAverageAtEnd.join(" / ")}${i.eachRun ? "" : "\n"}`,
    );
    // `--runs`: each run's duration and load average.
    if (i.eachRun)
      console.log(
        `${i.runs} runs, each figure its median run's: ${(i.eachRun as Record<string, unknown>[])
          .map(
            (r) =>
              `run ${r.run} ${r.seconds} s, load ${(r.loadAverageAtStart as number[] | null)?.join(" / ") ?? "?"} → ${(r.loadAverageAtEnd as number[] | null)?.join(" / ") ?? "?"}${(r.failed as string[]).length ? ` (failed: ${(r.failed as string[]).join(", ")})` : ""}`,
          )
          .join("; ")}\n`,
      );
  }
  console.log(table(results));
}

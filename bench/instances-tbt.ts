// instances_tbt: Total Blocking Time of a cold, signed-in /instances on the demo fleet (200 AICs:
// 25 servers × 8, no ENS latency, what `npm run demo` shows), in Debian's Chromium with the bench's
// launch flags. Each load is a fresh context holding only the session cookie (empty cache); an init
// script records the page's `longtask` and `paint` entries (buffered PerformanceObservers). TBT, as
// Lighthouse counts it: over the long tasks (> 50 ms) from First Contentful Paint until the page is
// quiet (5 s without a long task after `load`, a TTI approximation; at most 10 s after navigation),
// the sum of (duration − 50 ms), a task that straddles FCP counted from FCP. Value: the median of 9
// loads (`--quick` 5). Baseline, same run and same measure: /keys, the lightest console page (the
// same layout, header and live-updates stream). Diagnostic only: one more load of /instances with a
// Chromium trace (devtools.timeline and the V8 sampling profiler), which prints each long task with
// what ran in it (event kinds, and the functions the sampler saw most, by script and position).
// Run: npx tsx --conditions=react-server bench/instances-tbt.ts [--quick]
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { runIfMain } from "./standalone";
import { ensureBuild, launch, median, r1, signedIn, sleep, startConsole, type Console, type Figure } from "./console-server";

/** Slot 26: console on 3376, emulator on 18976. */
const SLOT = 26;
const QUIET_MS = 5000;
const CAP_MS = 10_000;
const BASELINE = "/keys";

type Storage = Awaited<ReturnType<BrowserContext["storageState"]>>;
interface LongTask {
  start: number;
  duration: number;
  attribution: string;
}
interface Load {
  tbt: number;
  fcp: number;
  load: number;
  longTasks: LongTask[];
}

/** Installed before any of the page's scripts: buffered observers for long tasks and paints. */
const OBSERVE = `(() => {
  const s = (window.__tbt = { longTasks: [], fcp: null });
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries())
        s.longTasks.push({
          start: e.startTime,
          duration: e.duration,
          attribution: (e.attribution || []).map((a) => [a.name, a.containerType, a.containerSrc || a.containerName].filter(Boolean).join(" ")).join("; ") || e.name,
        });
    }).observe({ type: "longtask", buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (e.name === "first-contentful-paint") s.fcp = e.startTime;
    }).observe({ type: "paint", buffered: true });
  } catch (e) {
    s.error = String(e);
  }
})()`;

/** TBT from FCP to the end of the last long task (ms), Lighthouse's clipping at FCP. */
function blocking(longTasks: LongTask[], fcp: number): number {
  let sum = 0;
  for (const t of longTasks) {
    const end = t.start + t.duration;
    if (end <= fcp) continue;
    sum += Math.max(0, end - Math.max(t.start, fcp) - 50);
  }
  return r1(sum);
}

/** Waits until the page has been quiet (no long task) for QUIET_MS after `load`, or CAP_MS. */
async function untilQuiet(page: Page): Promise<Load> {
  for (;;) {
    const s = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      return { now: performance.now(), load: nav ? nav.loadEventEnd : 0, ...window.__tbt };
    })()`)) as { now: number; load: number; fcp: number | null; longTasks: LongTask[]; error?: string };
    if (s.error) throw new Error(`instances_tbt: the page's observers failed: ${s.error}`);
    const lastEnd = Math.max(s.load, ...s.longTasks.map((t) => t.start + t.duration));
    if (s.load > 0 && s.fcp !== null && (s.now - lastEnd >= QUIET_MS || s.now >= CAP_MS)) {
      const longTasks = s.longTasks.map((t) => ({ ...t, start: r1(t.start), duration: r1(t.duration) }));
      return { tbt: blocking(s.longTasks, s.fcp), fcp: r1(s.fcp), load: r1(s.load), longTasks };
    }
    await sleep(250);
  }
}

/**
 * The load stayed on `path` (not sent to /login). Not a Playwright locator: its injected script
 * (an ARIA walk of the whole page) runs on the page's main thread and would add long tasks.
 */
async function signedInOn(page: Page, path: string): Promise<void> {
  const at = (await page.evaluate("location.pathname")) as string;
  if (at !== path) throw new Error(`instances_tbt: ${path} ended on ${at} (not signed in?)`);
}

/** One cold load of `path` (a fresh context with the session only). */
async function coldLoad(browser: Browser, c: Console, storage: Storage, path: string): Promise<Load> {
  const ctx = await browser.newContext({ baseURL: c.url, viewport: { width: 1400, height: 900 }, storageState: storage });
  try {
    await ctx.addInitScript(OBSERVE);
    const page = await ctx.newPage();
    await page.goto(path, { waitUntil: "load" });
    await signedInOn(page, path);
    return await untilQuiet(page);
  } finally {
    await ctx.close();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      url?: string;
      functionName?: string;
      startTime?: number;
      cpuProfile?: { nodes?: { id: number; parent?: number; callFrame: Frame }[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}
interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/** What ran in each long task of one traced cold load: event kinds and the sampled functions. */
async function traced(browser: Browser, c: Console, storage: Storage, path: string): Promise<Record<string, unknown>[]> {
  const ctx = await browser.newContext({ baseURL: c.url, viewport: { width: 1400, height: 900 }, storageState: storage });
  try {
    const page = await ctx.newPage();
    await browser.startTracing(page, {
      categories: [
        "devtools.timeline",
        "disabled-by-default-devtools.timeline",
        "v8.execute",
        "disabled-by-default-v8.cpu_profiler",
        "blink.user_timing",
      ],
    });
    await page.goto(path, { waitUntil: "load" });
    await signedInOn(page, path);
    await sleep(3000);
    const buf = await browser.stopTracing();
    const raw = JSON.parse(buf.toString("utf8")) as { traceEvents: TraceEvent[] } | TraceEvent[];
    const events = Array.isArray(raw) ? raw : raw.traceEvents;
    const main = events.find(
      (e) => e.name === "thread_name" && e.args?.name === "CrRendererMain" && events.some((x) => x.pid === e.pid && x.name === "ParseHTML"),
    );
    if (!main) return [];
    const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
    const tasks = onMain.filter((e) => e.ph === "X" && e.name === "RunTask" && (e.dur ?? 0) > 50_000);
    // The sampler's profile of that renderer: node ids → frames, samples with their times.
    const nodes = new Map<number, { parent?: number; frame: Frame }>();
    const samples: { t: number; node: number }[] = [];
    for (const e of events.filter((x) => x.pid === main.pid && (x.name === "Profile" || x.name === "ProfileChunk"))) {
      const d = e.args?.data;
      if (!d) continue;
      if (e.name === "Profile") continue;
      for (const n of d.cpuProfile?.nodes ?? []) nodes.set(n.id, { parent: n.parent, frame: n.callFrame });
    }
    const starts = new Map<string, number>();
    for (const e of events)
      if (e.pid === main.pid && e.name === "Profile" && e.id && e.args?.data?.startTime) starts.set(e.id, e.args.data.startTime);
    const clocks = new Map<string, number>();
    for (const e of events.filter((x) => x.pid === main.pid && x.name === "ProfileChunk" && x.id)) {
      const d = e.args?.data;
      let t = clocks.get(e.id!) ?? starts.get(e.id!) ?? 0;
      const ids = d?.cpuProfile?.samples ?? [];
      const deltas = d?.timeDeltas ?? [];
      for (let i = 0; i < ids.length; i++) {
        t += deltas[i] ?? 0;
        samples.push({ t, node: ids[i] });
      }
      clocks.set(e.id!, t);
    }
    const where = (f: Frame) =>
      `${f.functionName || "(anonymous)"} ${f.url ? `${f.url.replace(/^.*\/_next\//, "")}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ""}`.trim();
    const navStart = onMain.find((e) => e.name === "navigationStart" || e.name === "ParseHTML")?.ts ?? tasks[0]?.ts ?? 0;
    return tasks.map((t) => {
      const end = t.ts + (t.dur ?? 0);
      const kinds: Record<string, number> = {};
      for (const e of onMain)
        if (
          e !== t &&
          e.ph === "X" &&
          e.ts >= t.ts &&
          e.ts < end &&
          (e.dur ?? 0) >= 2000 &&
          !["RunTask", "ThreadControllerImpl::RunTask"].includes(e.name)
        ) {
          const k =
            e.name === "FunctionCall" || e.name === "EvaluateScript"
              ? `${e.name} ${(e.args?.data?.url ?? "").replace(/^.*\/_next\//, "")}`.trim()
              : e.name;
          kinds[k] = Math.max(kinds[k] ?? 0, (e.dur ?? 0) / 1000);
        }
      const self: Record<string, number> = {};
      const program: Record<string, number> = {};
      const inTask = samples.filter((s) => s.t >= t.ts && s.t < end);
      for (let i = 0; i < inTask.length; i++) {
        const dt = ((inTask[i + 1]?.t ?? end) - inTask[i].t) / 1000;
        const n = nodes.get(inTask[i].node);
        if (!n) continue;
        const k = where(n.frame);
        self[k] = (self[k] ?? 0) + dt;
        // The nearest frame from the app's own chunks (not React's or Next's framework chunks).
        for (let p: typeof n | undefined = n; p; p = p.parent === undefined ? undefined : nodes.get(p.parent))
          if (/static\/chunks\/(?!framework|main|webpack|polyfills)/.test(p.frame.url) && !/react-dom/.test(p.frame.url)) {
            const a = where(p.frame);
            program[a] = (program[a] ?? 0) + dt;
            break;
          }
      }
      const top = (o: Record<string, number>, n: number) =>
        Object.entries(o)
          .sort((a, b) => b[1] - a[1])
          .slice(0, n)
          .map(([k, v]) => `${r1(v)} ms ${k}`);
      return {
        startMs: r1((t.ts - navStart) / 1000),
        durationMs: r1((t.dur ?? 0) / 1000),
        events: top(kinds, 6),
        selfTop: top(self, 8),
        appFrames: top(program, 6),
      };
    });
  } finally {
    await ctx.close();
  }
}

export async function run({ quick = false }: { quick?: boolean } = {}): Promise<Figure> {
  ensureBuild();
  const n = quick ? 5 : 9;
  const c = await startConsole(SLOT, { servers: 25, aicsPerServer: 8 });
  const browser = await launch();
  try {
    const page = await signedIn(browser, c);
    // Warm the server (the fleet index, the routes' first compile of each page): not measured.
    await page.goto("/instances");
    await page.locator('tr [role="switch"]').first().waitFor({ timeout: 60_000 });
    await page.goto(BASELINE);
    const storage = await page.context().storageState();
    await page.context().close();

    const inst: Load[] = [];
    const base: Load[] = [];
    // Alternating, so that anything else on the machine weighs on both alike.
    for (let i = 0; i < n; i++) {
      inst.push(await coldLoad(browser, c, storage, "/instances"));
      base.push(await coldLoad(browser, c, storage, BASELINE));
      console.log(
        `  load ${i + 1}/${n}: /instances TBT ${inst[i].tbt} ms (${inst[i].longTasks.length} long tasks), ${BASELINE} ${base[i].tbt} ms`,
      );
    }
    const value = median(inst.map((l) => l.tbt));
    const baseline = median(base.map((l) => l.tbt));
    const typical = inst.find((l) => l.tbt === value)!;
    console.log(
      `instances_tbt: median ${value} ms over ${n} cold loads (each: ${inst.map((l) => l.tbt).join(", ")}); ${BASELINE} ${baseline} ms; ` +
        `FCP ${median(inst.map((l) => l.fcp))} ms, load ${median(inst.map((l) => l.load))} ms`,
    );
    console.log(`  long tasks of the median load (start ms from navigation, duration ms, attribution):`);
    for (const t of typical.longTasks) console.log(`    ${t.start} +${t.duration} ${t.attribution}`);
    // Diagnostic: one traced load, what ran in its long tasks.
    const diagnosis = await traced(browser, c, storage, "/instances").catch((e: unknown): Record<string, unknown>[] => [
      { error: String(e) },
    ]);
    console.log(`  one traced cold load of /instances, its long tasks:`);
    for (const d of diagnosis) {
      console.log(`    at ${String(d.startMs)} ms, ${String(d.durationMs)} ms${d.error ? ` ${String(d.error)}` : ""}`);
      for (const k of ["events", "selfTop", "appFrames"] as const)
        if (Array.isArray(d[k]) && (d[k] as string[]).length) console.log(`      ${k}: ${(d[k] as string[]).join(" | ")}`);
    }
    return {
      name: "instances_tbt",
      value,
      unit: "ms",
      baseline,
      ratio: baseline > 0 ? r1(value / baseline) : null,
      loads: n,
      samples: inst.map((l) => l.tbt),
      baselineSamples: base.map((l) => l.tbt),
      baselinePage: BASELINE,
      fcpMs: median(inst.map((l) => l.fcp)),
      longTasks: typical.longTasks,
      diagnosis,
    };
  } finally {
    await browser.close();
    await c.stop();
  }
}

runIfMain(import.meta.url, (o) => run(o));

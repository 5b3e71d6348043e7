// Access report benchmark, over HTTP to a built console (the page a browser loads), on PGlite and
// on PostgreSQL in the same run: the audit log seeded with N events (default 1,000,000; --quick
// 50,000) by bench/history.ts's seed (login opens and closes on 10,000 instances among other
// actions, over 30 days) before the console starts, then, signed in as an auditor:
//   access_report   p95 of GET /reports/access (the whole answer read) for one instance over
//                   30 days, an instance-id prefix over 7 days, a user over 7 days, and every
//                   instance over one day; baseline: the same page for an instance with no events
// Run: npx tsx --conditions=react-server bench/access-report.ts [--quick] [--events N]
import type { DbHandle } from "../lib/db/client";
import { seed } from "./history";
import { runIfMain } from "./standalone";
import { ensureBuild, httpSignIn, pct, r2, startConsole, type Figure } from "./console-server";

const DAY = 86_400_000;
const AUDITOR = { email: "auditor@bench.test", password: "bench-password-auditor", role: "auditor" as const };

interface Timing {
  p50: number;
  p95: number;
  max: number;
}

export interface Backend {
  kind: "pglite" | "postgres";
  events: number;
  pages: Record<"instance" | "prefix" | "user" | "all" | "empty", Timing>;
  rows: Record<string, number>;
}

async function measure(kind: "pglite" | "postgres", slot: number, n: number, quick: boolean): Promise<Backend> {
  const now = Date.now();
  const span = 30 * DAY;
  const c = await startConsole(
    slot,
    { servers: 25, aicsPerServer: 4 },
    { postgres: kind === "postgres", users: [AUDITOR], prepare: async (h: DbHandle) => void (await seed(h, n, now - span, span)) },
  );
  try {
    const cookie = await httpSignIn(c.url, AUDITOR.email, AUDITOR.password);
    const runs = quick ? 20 : 40;
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    const to = iso(now + 60_000);
    const rows: Record<string, number> = {};
    const page = async (label: string, qs: string): Promise<Timing> => {
      const get = async () => {
        const t = performance.now();
        const res = await fetch(`${c.url}/reports/access?${qs}`, { headers: { cookie } });
        const body = await res.text();
        const ms = performance.now() - t;
        if (res.status !== 200) throw new Error(`GET /reports/access?${qs}: ${res.status} ${body.slice(0, 200)}`);
        rows[label] = (body.match(/data-testid="access-interval"/g) ?? []).length;
        return ms;
      };
      for (let i = 0; i < 3; i++) await get();
      const xs: number[] = [];
      for (let i = 0; i < runs; i++) xs.push(await get());
      return { p50: r2(pct(xs, 50)), p95: r2(pct(xs, 95)), max: r2(Math.max(...xs)) };
    };
    const pages = {
      instance: await page("instance", `instance=aic-1234&from=${iso(now - 30 * DAY)}&to=${to}`),
      prefix: await page("prefix", `prefix=aic-12&from=${iso(now - 7 * DAY)}&to=${to}`),
      user: await page("user", `user=${encodeURIComponent("user7@bench.test")}&from=${iso(now - 7 * DAY)}&to=${to}`),
      all: await page("all", `from=${iso(now - DAY)}&to=${to}`),
      empty: await page("empty", `instance=aic-none&from=${iso(now - 30 * DAY)}&to=${to}`),
    };
    console.log(
      `  [${kind}] ${n.toLocaleString("en-US")} events: p95 instance ${pages.instance.p95} / prefix ${pages.prefix.p95} / user ${pages.user.p95} / all ${pages.all.p95} ms (empty ${pages.empty.p95}); rows ${JSON.stringify(rows)}`,
    );
    return { kind, events: n, pages, rows };
  } finally {
    await c.stop();
  }
}

const worstPage = (b: Backend) => Math.max(b.pages.instance.p95, b.pages.prefix.p95, b.pages.user.p95, b.pages.all.p95);

export async function run({ quick = false, events }: { quick?: boolean; events?: number } = {}): Promise<Figure[]> {
  ensureBuild();
  const n = events ?? (quick ? 50_000 : 1_000_000);
  const all = [await measure("pglite", 32, n, quick), await measure("postgres", 33, n, quick)];
  const w = all.reduce((a, b) => (worstPage(b) > worstPage(a) ? b : a));
  const per = <T>(f: (b: Backend) => T) => Object.fromEntries(all.map((b) => [b.kind, f(b)]));
  return [
    {
      name: "access_report",
      value: worstPage(w),
      unit: "ms p95",
      baseline: w.pages.empty.p95,
      ratio: r2(worstPage(w) / w.pages.empty.p95),
      events: n,
      worstBackend: w.kind,
      p95: per((b) => ({
        instance: b.pages.instance.p95,
        prefix: b.pages.prefix.p95,
        user: b.pages.user.p95,
        all: b.pages.all.p95,
        emptyResult: b.pages.empty.p95,
      })),
      p50: per((b) => ({ instance: b.pages.instance.p50, prefix: b.pages.prefix.p50, user: b.pages.user.p50, all: b.pages.all.p50 })),
      rows: per((b) => b.rows),
    },
  ];
}

function eventsArg(): number | undefined {
  const i = process.argv.findIndex((a) => a === "--events" || a.startsWith("--events="));
  if (i < 0) return undefined;
  const v = Number(process.argv[i].includes("=") ? process.argv[i].split("=")[1] : process.argv[i + 1]);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

runIfMain(import.meta.url, (o) => run({ ...o, events: eventsArg() }));

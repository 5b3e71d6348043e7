// sign_in_stall: the console server's event-loop delay while 10 people sign in at once, read from
// the console itself: /api/metrics (bearer CONSOLE_METRICS_TOKEN) serves prom-client's
// nodejs_eventloop_lag_p99_seconds / _max_seconds, a perf_hooks monitorEventLoopDelay histogram
// (10 ms resolution) that each scrape reads and resets. One scrape right before a round, one right
// after it: the second one covers the round alone. A round is 10 parallel sign-ins over HTTP the
// way the login form makes them (GET /api/auth/csrf, POST /api/auth/callback/credentials), 10
// different accounts. Baseline, same console and run: the same rounds of 10 parallel GET /login
// (the page before the sign-in, no password check). Value: the median round's p99.
// SIGN_IN_STALL_POSTGRES=1: the console on a throwaway PostgreSQL database instead of PGlite (whose
// queries run on the event loop), to see the stall without the database's own CPU.
// Run: npx tsx --conditions=react-server bench/sign-in-stall.ts [--quick]
import { runIfMain } from "./standalone";
import {
  ensureBuild,
  httpSignIn,
  median,
  METRICS_TOKEN,
  r1,
  r2,
  sleep,
  startConsole,
  type BenchUser,
  type Console,
  type Figure,
} from "./console-server";

const PARALLEL = 10;
const USERS: BenchUser[] = Array.from({ length: PARALLEL }, (_, i) => ({
  email: `signin${i}@bench.test`,
  password: `bench-password-signin-${i}`,
  role: "viewer",
}));

async function lag(c: Console): Promise<{ p99: number; max: number; mean: number }> {
  const res = await fetch(`${c.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (res.status !== 200) throw new Error(`/api/metrics: ${res.status}`);
  const text = await res.text();
  const read = (name: string) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, "m").exec(text);
    if (!m) throw new Error(`/api/metrics has no ${name}`);
    return Number(m[1]) * 1000;
  };
  return {
    p99: read("nodejs_eventloop_lag_p99_seconds"),
    max: read("nodejs_eventloop_lag_max_seconds"),
    mean: read("nodejs_eventloop_lag_mean_seconds"),
  };
}

interface Round {
  p99: number;
  max: number;
  mean: number;
  ms: number;
}

async function round(c: Console, work: () => Promise<unknown>): Promise<Round> {
  await lag(c); // resets the histogram
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const l = await lag(c);
  return { p99: r2(l.p99), max: r2(l.max), mean: r2(l.mean), ms: r1(ms) };
}

export async function run({ quick = false }: { quick?: boolean } = {}): Promise<Figure[]> {
  ensureBuild();
  const rounds = quick ? 5 : 15;
  const postgres = process.env.SIGN_IN_STALL_POSTGRES === "1";
  const c = await startConsole(5, { servers: 25, aicsPerServer: 4 }, { users: USERS, postgres });
  try {
    // The first scrape starts the monitor; one sign-in and one login page warm their code paths.
    await lag(c).catch(() => {});
    await httpSignIn(c.url, USERS[0].email, USERS[0].password);
    await (await fetch(`${c.url}/login`)).text();
    await sleep(1000);
    const signIns: Round[] = [];
    const pages: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      pages.push(await round(c, () => Promise.all(USERS.map(async () => (await fetch(`${c.url}/login`)).text()))));
      await sleep(300);
      signIns.push(await round(c, () => Promise.all(USERS.map((u) => httpSignIn(c.url, u.email, u.password)))));
      await sleep(300);
    }
    const value = r2(median(signIns.map((r) => r.p99)));
    const baseline = r2(median(pages.map((r) => r.p99)));
    console.log(
      `sign_in_stall: ${rounds} rounds of ${PARALLEL} parallel sign-ins vs ${PARALLEL} parallel GET /login (event-loop delay, /api/metrics; ${postgres ? "PostgreSQL" : "PGlite"})`,
    );
    console.log(
      `  sign-ins:   p99 per round ${signIns.map((r) => r.p99).join(", ")} ms; max ${signIns.map((r) => r.max).join(", ")} ms; round ${signIns.map((r) => r.ms).join(", ")} ms`,
    );
    console.log(
      `  login page: p99 per round ${pages.map((r) => r.p99).join(", ")} ms; max ${pages.map((r) => r.max).join(", ")} ms; round ${pages.map((r) => r.ms).join(", ")} ms`,
    );
    return [
      {
        name: "sign_in_stall",
        value,
        unit: "ms p99",
        baseline,
        ratio: r2(value / baseline),
        rounds,
        parallel: PARALLEL,
        worstP99: Math.max(...signIns.map((r) => r.p99)),
        maxDelay: Math.max(...signIns.map((r) => r.max)),
        roundMsMedian: r1(median(signIns.map((r) => r.ms))),
        baselineMaxDelay: Math.max(...pages.map((r) => r.max)),
        monitorResolutionMs: 10,
        ...(postgres ? { database: "postgresql" } : {}),
      },
    ];
  } finally {
    await c.stop();
  }
}

runIfMain(import.meta.url, run);

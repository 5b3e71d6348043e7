// Shared by the benchmarks: one console build (`.next-bench`, or BENCH_DIST_DIR), completed into
// its standalone artifact as `npm run build` does; an emulator and one or more consoles per
// benchmark, each started as the README's production start does (`node <artifact>/server.js`,
// NEXT_MANUAL_SIG_HANDLE=1, HOSTNAME and PORT), on PGlite or on a throwaway PostgreSQL database;
// Chromium with the launch flags of STACK.md; sign-in through the login page.
// Ports: console 3350 + slot (and + 1 for a second replica), emulator 18950 + slot.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { chromium, type Browser, type Page } from "@playwright/test";
import { createUser } from "../lib/auth/users";
import { openDb, type DbHandle } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import type { Role } from "../lib/db/schema";

const ROOT = path.resolve(import.meta.dirname, "..");
export const EMAIL = "operator@bench.test";
export const PASSWORD = "bench-password-operator";
export const KEY_ID = "LTAI5tEmulatorDemoKey01";
export const KEY_SECRET = "emulator-demo-secret-0123456789abcdef";
/** The bearer token of /api/metrics in every bench console (CONSOLE_METRICS_TOKEN). */
export const METRICS_TOKEN = "bench-metrics-token-0123456789abcdef-0123";
const PG_ADMIN = process.env.BENCH_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function distDir(): string {
  return process.env.BENCH_DIST_DIR || ".next-bench";
}

/**
 * Builds the console into the bench dist dir when it is missing or older than the sources (delete
 * it to force a rebuild; BENCH_REUSE_BUILD=1 keeps an existing build whatever its age).
 */
export function ensureBuild(): void {
  const dir = distDir();
  const buildId = path.join(ROOT, dir, "BUILD_ID");
  // Completed: the artifact holds its static assets (scripts/standalone.mjs copies them in).
  const built = fs.existsSync(buildId) && fs.existsSync(serverJs()) && fs.existsSync(path.join(ROOT, dir, "standalone", dir, "static"));
  if (built && (process.env.BENCH_REUSE_BUILD === "1" || newestSource() < fs.statSync(buildId).mtimeMs)) return;
  console.log(`building the console into ${dir} …`);
  const t0 = performance.now();
  // CONSOLE_BENCH_FLOOR adds the /bench-floor page (action_overhead's floor) to this build only.
  const r = spawnSync("npx", ["next", "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_DIST_DIR: dir, CONSOLE_BENCH_FLOOR: "1" },
  });
  if (r.status !== 0) throw new Error(`next build failed (${r.status})`);
  // The artifact: static assets and public/ copied into <dist>/standalone, as `npm run build` does.
  const a = spawnSync(process.execPath, ["scripts/standalone.mjs"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_DIST_DIR: dir },
  });
  if (a.status !== 0) throw new Error(`scripts/standalone.mjs failed (${a.status})`);
  console.log(`  built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

/** The standalone artifact's server (`npm start` runs `.next/standalone/server.js`). */
function serverJs(): string {
  return path.join(ROOT, distDir(), "standalone", "server.js");
}

/** Newest modification time under the folders a build depends on: a stale build is rebuilt. */
function newestSource(): number {
  let newest = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of ["app", "components", "lib", "messages", "i18n", "bench/floor"])
    if (fs.existsSync(path.join(ROOT, d))) walk(path.join(ROOT, d));
  return newest;
}

export interface Console {
  /** The first replica's URL; `urls` has one per replica. */
  url: string;
  urls: string[];
  emuUrl: string;
  /** Pid of each replica's `next start` process (RSS, /proc). */
  pids: number[];
  /** The console's database, as the owner (seeding and inspection while it runs: PostgreSQL only). */
  ownerEnv: Record<string, string>;
  /** The first console's log so far, as JSON lines (each action's and read route's line carries its `steps`). */
  logLines(): string[];
  /** Stops everything; `inspect` reads the console's database after the consoles let go of it. */
  stop(inspect?: (env: Record<string, string>) => Promise<void>): Promise<void>;
}

async function waitFor(url: string, ms: number, child: ChildProcess): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited (${child.exitCode})`);
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer in ${ms} ms`);
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const done = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
  const t = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {}
  }, 5000);
  await done;
  clearTimeout(t);
}

export interface BenchUser {
  email: string;
  password: string;
  role: Role;
}

export interface FleetOptions {
  servers: number;
  aicsPerServer: number;
  latencyMs?: number;
  qps?: number;
  accessKeys?: string;
}

export interface StartOptions {
  /** Console environment beyond the defaults (ENS, Auth.js, metrics token). */
  env?: Record<string, string>;
  /** A throwaway PostgreSQL database (the console as aic_console, scripts/pg-roles.sql) instead of PGlite. */
  postgres?: boolean;
  /** Consoles on the same database (PostgreSQL only): ports 3350 + slot, + 1, … */
  replicas?: number;
  /** Accounts (default: the bench operator). */
  users?: BenchUser[];
  /** Runs on the migrated database before any console starts (seeding). */
  prepare?: (h: DbHandle) => Promise<void>;
  /** Runs once the emulator answers, before any console starts (ENS-side setup the first listing sees). */
  beforeConsole?: (emuUrl: string) => Promise<void>;
}

let template: Promise<string> | null = null;

/**
 * A freshly created and migrated PGlite folder, made once per bench process: each console gets a
 * copy (creating a PGlite cluster and migrating it costs seconds; copying the result, well under one).
 */
function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aic-bench-template-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    const h = await openDb({ CONSOLE_DATA_DIR: dir });
    try {
      await migrate(h);
    } finally {
      await h.close();
    }
    return dir;
  })();
  return template;
}

/** Emulator + built console(s) on a fresh database with the bench's accounts. */
export async function startConsole(slot: number, fleet: FleetOptions, o: StartOptions = {}): Promise<Console> {
  const replicas = o.replicas ?? 1;
  const T0 = performance.now();
  const trace = (what: string) =>
    process.env.BENCH_TRACE && console.error(`[start ${slot}] ${what} at ${Math.round(performance.now() - T0)} ms`);
  if (replicas > 1 && !o.postgres) throw new Error("replicas need PostgreSQL");
  const emuPort = 18950 + slot;
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "aic-bench-console-"));
  const children: ChildProcess[] = [];
  let dbEnv: Record<string, string> = { CONSOLE_DATA_DIR: path.join(data, "db") };
  let ownerEnv = dbEnv;
  let dropDb: (() => Promise<void>) | null = null;
  const stopAll = async () => {
    for (const ch of children.reverse()) await kill(ch);
  };
  try {
    // The emulator starts while the database is prepared.
    const emu = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["emulator/main.ts"], {
      cwd: ROOT,
      detached: true,
      stdio: "ignore",
      env: {
        ...process.env,
        ENS_EMULATOR_PORT: String(emuPort),
        ENS_EMULATOR_SERVERS: String(fleet.servers),
        ENS_EMULATOR_AICS_PER_SERVER: String(fleet.aicsPerServer),
        ENS_EMULATOR_LATENCY_MS: String(fleet.latencyMs ?? 0),
        ENS_EMULATOR_QPS: String(fleet.qps ?? 0),
        ...(fleet.accessKeys ? { ENS_EMULATOR_ACCESS_KEYS: fleet.accessKeys } : {}),
      },
    });
    children.push(emu);
    const emuUrl = `http://127.0.0.1:${emuPort}`;
    if (o.postgres) {
      const name = `aic_bench_${slot}_${process.pid}`;
      const admin = async (sqlText: string, url = PG_ADMIN) => {
        const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
        await c.connect();
        try {
          await c.query(sqlText);
        } finally {
          await c.end();
        }
      };
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${name}`);
      dropDb = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      const owner = new URL(PG_ADMIN);
      owner.pathname = `/${name}`;
      await admin(fs.readFileSync(path.join(ROOT, "scripts/pg-roles.sql"), "utf8"), owner.toString());
      const asConsole = new URL(owner);
      asConsole.username = "aic_console";
      asConsole.password = "";
      ownerEnv = { DATABASE_URL: owner.toString() };
      dbEnv = { DATABASE_URL: asConsole.toString(), DATABASE_MIGRATION_URL: owner.toString() };
    }
    if (!o.postgres) {
      // The data folder's lock files (<folder>.lock) stay behind: they belong to the template's holder.
      fs.cpSync(await pgliteTemplate(), dbEnv.CONSOLE_DATA_DIR, { recursive: true, filter: (src) => !src.endsWith(".lock") });
    }
    trace("db created");
    const h = await openDb(ownerEnv);
    try {
      await migrate(h);
      for (const u of o.users ?? [{ email: EMAIL, password: PASSWORD, role: "operator" as Role }])
        await createUser(h.db, { email: u.email, role: u.role, password: u.password });
      await o.prepare?.(h);
    } finally {
      await h.close();
    }

    trace("db prepared");
    await waitFor(`${emuUrl}/__emulator/health`, 60_000, emu);
    trace("emulator up");
    await o.beforeConsole?.(emuUrl);

    // BENCH_CPU_PROF=<dir>: the console writes a V8 CPU profile there when it stops.
    const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const authSecret = `bench-only-secret-${Date.now()}-0123456789`;
    const urls: string[] = [];
    const nexts: ChildProcess[] = [];
    const logFiles: string[] = [];
    for (let r = 0; r < replicas; r++) {
      const port = 3350 + slot + r;
      // BENCH_CONSOLE_LOG=<dir>: each console's log (JSON lines) goes to <dir>/console-<port>.log.
      const out = fs.openSync(path.join(process.env.BENCH_CONSOLE_LOG ?? data, `console-${port}.log`), "w");
      logFiles.push(path.join(process.env.BENCH_CONSOLE_LOG ?? data, `console-${port}.log`));
      const next = spawn(process.execPath, [...prof, serverJs()], {
        cwd: ROOT,
        detached: true,
        stdio: ["ignore", out, "inherit"],
        env: {
          ...process.env,
          ...dbEnv,
          HOSTNAME: "127.0.0.1",
          PORT: String(port),
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          ENS_ENDPOINT: `127.0.0.1:${emuPort}`,
          ENS_PROTOCOL: "HTTP",
          ENS_REGION_ID: "cn-hangzhou",
          ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY_SECRET,
          AUTH_SECRET: authSecret,
          AUTH_TRUST_HOST: "true",
          NEXT_MANUAL_SIG_HANDLE: "1",
          CONSOLE_METRICS_TOKEN: METRICS_TOKEN,
          // Where each read's time goes, read by the suites from the browser's resource timings.
          CONSOLE_SERVER_TIMING: "1",
          ...o.env,
        },
      });
      children.push(next);
      nexts.push(next);
      urls.push(`http://127.0.0.1:${port}`);
    }
    for (const [i, next] of nexts.entries()) await waitFor(`${urls[i]}/login`, 90_000, next);
    trace("console up");
    return {
      url: urls[0],
      urls,
      emuUrl,
      pids: nexts.map((n) => n.pid!),
      ownerEnv,
      logLines: () => (fs.existsSync(logFiles[0]) ? fs.readFileSync(logFiles[0], "utf8").split("\n").filter(Boolean) : []),
      async stop(inspect) {
        await stopAll();
        try {
          await inspect?.(ownerEnv);
        } finally {
          await dropDb?.().catch(() => {});
          fs.rmSync(data, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    await stopAll();
    await dropDb?.().catch(() => {});
    fs.rmSync(data, { recursive: true, force: true });
    throw e;
  }
}

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** A fresh context (cold cache) signed in through the login page. */
export async function signedIn(
  browser: Browser,
  c: Console | string,
  who: { email: string; password: string } = { email: EMAIL, password: PASSWORD },
): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: typeof c === "string" ? c : c.url, viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor({ timeout: 30_000 });
  return page;
}

function cookiesOf(res: Response, jar: Map<string, string>) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}

/** Signs in over HTTP the way the login form does (Auth.js credentials); returns the Cookie header. */
export async function httpSignIn(baseUrl: string, email = EMAIL, password = PASSWORD): Promise<string> {
  const jar = new Map<string, string>();
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  cookiesOf(csrfRes, jar);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/instances` }),
  });
  cookiesOf(res, jar);
  await res.arrayBuffer().catch(() => {});
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in of ${email} failed: ${res.status}`);
  return cookie();
}

/** RSS and its peak (MB) of a process, from /proc. */
export function rssMb(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: Math.round((kb("VmRSS") / 1024) * 10) / 10, hwm: Math.round((kb("VmHWM") / 1024) * 10) / 10 };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

/** The nearest-rank percentile. */
export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN;
}

export const r1 = (x: number) => Math.round(x * 10) / 10;
export const r2 = (x: number) => Math.round(x * 100) / 100;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One figure of bench/results.json, before run.ts adds its goal and `met`; extra fields are details. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  [detail: string]: unknown;
}

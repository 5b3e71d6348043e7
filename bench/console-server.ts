// Shared by the browser benchmarks: one console build (`.next-bench`, or BENCH_DIST_DIR), one
// emulator + `next start` per fleet size on ports 3351–3359 / 18851–18859, Chromium, and login.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";

const ROOT = path.resolve(import.meta.dirname, "..");
export const EMAIL = "operator@bench.test";
const PASSWORD = "bench-password-operator";
const KEY_ID = "LTAI5tEmulatorDemoKey01";
const KEY_SECRET = "emulator-demo-secret-0123456789abcdef";

export function distDir(): string {
  return process.env.BENCH_DIST_DIR || ".next-bench";
}

/** Builds the console into the bench dist dir once; later runs reuse it (delete it to rebuild). */
export function ensureBuild(): void {
  const dir = distDir();
  const buildId = path.join(ROOT, dir, "BUILD_ID");
  if (fs.existsSync(buildId) && newestSource() < fs.statSync(buildId).mtimeMs) return;
  console.log(`building the console into ${dir} …`);
  // CONSOLE_BENCH_FLOOR adds the /bench-floor page (action_overhead's floor) to this build only.
  const r = spawnSync("npx", ["next", "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_DIST_DIR: dir, CONSOLE_BENCH_FLOOR: "1" },
  });
  if (r.status !== 0) throw new Error(`next build failed (${r.status})`);
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
  for (const d of ["app", "components", "lib", "bench/floor"]) walk(path.join(ROOT, d));
  return newest;
}

export interface Console {
  url: string;
  emuUrl: string;
  /** Stops both; `inspect` reads the console's PGlite folder after the console let go of it. */
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
  if (child.exitCode !== null || child.pid === undefined) return;
  const done = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
  const t = setTimeout(
    () =>
      child.pid &&
      (() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {}
      })(),
    5000,
  );
  await done;
  clearTimeout(t);
}

/** Emulator (unthrottled) + built console on a fresh PGlite data dir with one operator. */
export async function startConsole(
  slot: number,
  fleet: { servers: number; aicsPerServer: number; latencyMs?: number; qps?: number; accessKeys?: string },
  consoleEnv: Record<string, string> = {},
): Promise<Console> {
  const port = 3350 + slot;
  const emuPort = 18850 + slot;
  const data = fs.mkdtempSync(path.join(os.tmpdir(), "aic-bench-console-"));
  const env = { ...process.env, CONSOLE_DATA_DIR: path.join(data, "db"), NEXT_DIST_DIR: distDir() };
  const u = spawnSync("npx", ["tsx", "scripts/users.ts", "add", EMAIL, "operator"], {
    cwd: ROOT,
    input: `${PASSWORD}\n`,
    env,
    stdio: ["pipe", "ignore", "inherit"],
  });
  if (u.status !== 0) throw new Error("creating the bench user failed");
  const emu = spawn("npx", ["tsx", "emulator/main.ts"], {
    cwd: ROOT,
    detached: true,
    stdio: "ignore",
    env: {
      ...env,
      ENS_EMULATOR_PORT: String(emuPort),
      ENS_EMULATOR_SERVERS: String(fleet.servers),
      ENS_EMULATOR_AICS_PER_SERVER: String(fleet.aicsPerServer),
      ENS_EMULATOR_LATENCY_MS: String(fleet.latencyMs ?? 0),
      ENS_EMULATOR_QPS: String(fleet.qps ?? 0),
      ...(fleet.accessKeys ? { ENS_EMULATOR_ACCESS_KEYS: fleet.accessKeys } : {}),
    },
  });
  const emuUrl = `http://127.0.0.1:${emuPort}`;
  await waitFor(`${emuUrl}/__emulator/health`, 30_000, emu);
  // BENCH_CPU_PROF=<dir>: the console writes a V8 CPU profile there when it stops.
  const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const next = spawn("node", [...prof, "node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...env,
      NODE_ENV: "production",
      ENS_ENDPOINT: `127.0.0.1:${emuPort}`,
      ENS_PROTOCOL: "HTTP",
      ENS_REGION_ID: "cn-hangzhou",
      ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY_SECRET,
      AUTH_SECRET: `bench-only-secret-${Date.now()}`,
      AUTH_TRUST_HOST: "true",
      NEXT_MANUAL_SIG_HANDLE: "1",
      ...consoleEnv,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${url}/login`, 60_000, next);
  } catch (e) {
    await kill(next);
    await kill(emu);
    throw e;
  }
  return {
    url,
    emuUrl,
    async stop(inspect) {
      await kill(next);
      await kill(emu);
      try {
        await inspect?.({ CONSOLE_DATA_DIR: path.join(data, "db") });
      } finally {
        fs.rmSync(data, { recursive: true, force: true });
      }
    },
  };
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

/** A fresh context (cold cache) signed in as the bench operator. */
export async function signedIn(browser: Browser, c: Console): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: c.url, viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor({ timeout: 30_000 });
  return page;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

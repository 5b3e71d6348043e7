// Starts built consoles (`next start`) as real processes and drives their server actions over
// HTTP, the way a browser does: a credentials login for the cookie, then a POST with the
// action's id from the build's server-reference manifest.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createPgDatabase } from "../support/db";
import { openDb, type DbHandle } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createUser } from "@/lib/auth/users";
import type { Role } from "@/lib/db/schema";
import type { JobDetailView } from "@/lib/jobs/types";

export const ROOT = path.resolve(import.meta.dirname, "../..");
/** The build the tests start; scripts/test.sh builds into `.next`. */
export const DIST_DIR = process.env.RELIABILITY_DIST_DIR ?? process.env.NEXT_DIST_DIR ?? ".next";
export const PASSWORD = "reliability-password-1";

export function built(): boolean {
  return fs.existsSync(path.join(ROOT, DIST_DIR, "server", "server-reference-manifest.json"));
}

/** The id Next gave an exported server action, read from the build. */
export function actionId(exportedName: string, file: string): string {
  const m = JSON.parse(fs.readFileSync(path.join(ROOT, DIST_DIR, "server", "server-reference-manifest.json"), "utf8"));
  for (const [id, v] of Object.entries(m.node as Record<string, { exportedName?: string; filename?: string }>)) {
    if (v.exportedName === exportedName && v.filename === file) return id;
  }
  throw new Error(`no action ${file}#${exportedName} in ${DIST_DIR}`);
}

export interface ThrowawayDb {
  url: string;
  /** The same database as the console's role (aic_console: reads and appends the audit tables only). */
  consoleUrl: string;
  handle: DbHandle;
  drop(): Promise<void>;
}

/** A fresh, migrated PostgreSQL database with one operator account per email. */
export async function throwawayDb(tag: string, users: { email: string; role: Role }[]): Promise<ThrowawayDb> {
  const database = await createPgDatabase(`aic_rel_${tag}`);
  const url = database.url;
  const handle = await openDb({ DATABASE_URL: url });
  await migrate(handle);
  for (const user of users) await createUser(handle.db, { ...user, password: PASSWORD });
  return {
    url,
    consoleUrl: database.consoleUrl,
    handle,
    drop: async () => {
      await handle.close().catch(() => {});
      await database.drop();
    },
  };
}

export interface ConsoleProcess {
  url: string;
  child: ChildProcess;
  log: () => string;
  /** SIGKILL to the whole process group: no handler, no clean shutdown. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** The build's standalone artifact, completed and copied to `dir` the way it is deployed (scripts/standalone.mjs). */
export function deployArtifact(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "standalone.mjs"), "--to", dir], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR },
    stdio: "ignore",
  });
  return dir;
}

/**
 * `next start` on 127.0.0.1:port against `databaseUrl` and the emulator at `ensEndpoint`; or, with
 * `artifact` (deployArtifact), `node server.js` in that folder, as production runs it.
 */
export async function startConsoleProcess(
  port: number,
  databaseUrl: string,
  ensEndpoint: string,
  extraEnv: Record<string, string> = {},
  { artifact }: { artifact?: string } = {},
): Promise<ConsoleProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production" as const,
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: "reliability-test-secret-0123456789",
    AUTH_TRUST_HOST: "true",
    NEXT_MANUAL_SIG_HANDLE: "1",
    ENS_ENDPOINT: ensEndpoint,
    ENS_PROTOCOL: "HTTP",
    ENS_REGION_ID: "cn-hangzhou",
    ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI5tEmulatorDemoKey01",
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "emulator-demo-secret-0123456789abcdef",
    ...extraEnv,
  };
  const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const command = artifact ? [path.join(artifact, "server.js")] : [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)];
  const child = spawn(process.execPath, command, {
    cwd: artifact ?? ROOT,
    env: artifact ? { ...env, HOSTNAME: "127.0.0.1", PORT: String(port) } : env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, sig);
    } catch {}
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`console on ${port} exited:\n${out}`);
    const ok = await fetch(`${url}/api/auth/csrf`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await signal("SIGKILL");
      throw new Error(`console on ${port} did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, child, log: () => out, kill9: () => signal("SIGKILL"), stop: () => signal("SIGTERM") };
}

function cookiesOf(res: Response, jar: Map<string, string>) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in with the credentials provider and returns the cookie header of the session. */
export async function login(baseUrl: string, email: string, password = PASSWORD): Promise<string> {
  const jar = new Map<string, string>();
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  cookiesOf(csrfRes, jar);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/instances` }),
  });
  cookiesOf(res, jar);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`login of ${email} failed: ${res.status}`);
  return cookieHeader(jar);
}

export interface ActionCall {
  status: number;
  body: string;
  /** The action's typed error code, when the result is a failure. */
  code: string | null;
  ok: boolean;
}

/** POSTs a server action the way the browser's action client does. */
export async function callAction(baseUrl: string, cookie: string, id: string, args: unknown[], page = "/instances"): Promise<ActionCall> {
  const res = await fetch(`${baseUrl}${page}`, {
    method: "POST",
    headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: baseUrl, cookie },
    body: JSON.stringify(args),
  });
  const body = await res.text();
  const code = /"code":"([^"]+)"/.exec(body)?.[1] ?? null;
  return { status: res.status, body, code, ok: /"ok":true/.test(body) };
}

/** The first `n` instance ids of the emulator's fleet (seed 42, `servers` × 8; the default fleet has 25), in the order it lists them. */
export async function fleetInstanceIds(n: number, servers = 25): Promise<string[]> {
  const { buildFleet } = await import("@/emulator/fleet");
  const { buildImages } = await import("@/emulator/catalog");
  const fleet = buildFleet(
    42,
    servers,
    8,
    buildImages()
      .filter((i) => i.Status === "available")
      .map((i) => i.ImageId),
  );
  return [...fleet.instances.keys()].slice(0, n);
}

/** An operation as its page's route serves it. */
export async function readOp(baseUrl: string, cookie: string, id: string): Promise<JobDetailView> {
  const res = await fetch(`${baseUrl}/api/operations/${id}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET /api/operations/${id}: ${res.status} ${await res.text()}`);
  return (await res.json()) as JobDetailView;
}

export async function emulatorCalls(
  emulatorUrl: string,
): Promise<{ total: number; byAction: Record<string, { received: number; ok: number; failed: number }> }> {
  return (await fetch(`${emulatorUrl}/__emulator/calls`)).json();
}

export async function setFaults(emulatorUrl: string, faults: object): Promise<void> {
  const res = await fetch(`${emulatorUrl}/__emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`faults: ${res.status} ${await res.text()}`);
}

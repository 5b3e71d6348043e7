// Live event streams end with their session, over HTTP against the built console: a sign-out, a
// disable by an admin and a new password (the users CLI) each end the session's open
// /api/events streams within 2 s, on the replica that made the change and on another one
// (PostgreSQL), and nothing is delivered after. A session holds at most STREAMS_PER_SESSION streams.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { openDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createUser } from "@/lib/auth/users";
import { STREAMS_PER_SESSION } from "@/lib/live/open-streams";
import { postgresReachable } from "../support/db";
import {
  actionId,
  built,
  callAction,
  DIST_DIR,
  login,
  PASSWORD,
  ROOT,
  startConsoleProcess,
  throwawayDb,
  type ConsoleProcess,
  type ThrowawayDb,
} from "./console-process";

const PORTS = [3320, 3321, 3322];
const EMU_PORT = 18820;
const ADMIN = "admin@streams.test";
const USERS = ["out@streams.test", "off@streams.test", "cap@streams.test", "reset@streams.test", "far@streams.test"];
const ENDED_WITHIN_MS = 2000;

interface Watched {
  status: number;
  /** Data and comment lines received, with when. */
  lines: { at: number; text: string }[];
  /** When the server ended the stream (null while it is open). */
  endedAt: () => number | null;
  close: () => Promise<void>;
}

async function watch(url: string, cookie: string): Promise<Watched> {
  const res = await fetch(`${url}/api/events`, { headers: { cookie } });
  const lines: Watched["lines"] = [];
  let endedAt: number | null = null;
  if (res.status !== 200 || !res.body) return { status: res.status, lines, endedAt: () => Date.now(), close: async () => {} };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) {
        endedAt = Date.now();
        return;
      }
      for (const line of decoder.decode(value, { stream: true }).split("\n")) if (line) lines.push({ at: Date.now(), text: line });
    }
  })();
  await until(() => lines.some((l) => l.text === ": connected"), 5000);
  return { status: res.status, lines, endedAt: () => endedAt, close: () => reader.cancel().catch(() => {}) };
}

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return ok();
}

/** Signs the session out the way the browser's sign-out does (Auth.js, with its CSRF token). */
async function signOut(url: string, cookie: string): Promise<void> {
  const csrf = await fetch(`${url}/api/auth/csrf`, { headers: { cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const extra = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${url}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: extra ? `${cookie}; ${extra}` : cookie, origin: url },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${url}/login` }),
  });
  expect([200, 302, 303]).toContain(res.status);
}

/** A change made after the stream ended, announced to every stream still open. */
async function announceAChange(url: string, adminCookie: string) {
  const fleet = (await (await fetch(`${url}/api/fleet`, { headers: { cookie: adminCookie } })).json()) as {
    rows: { id: string; login: { open: boolean } }[];
  };
  const target = fleet.rows.find((r) => !r.login.open)!;
  const r = await callAction(url, adminCookie, actionId("setLogin", "lib/actions/logins.ts"), [
    { instanceId: target.id, action: "open", keyName: "ops-debug-key", durationMinutes: 30, reason: "REL-27 after the end" },
  ]);
  expect(r.ok, r.body).toBe(true);
}

async function expectEndedPromptly(w: Watched, changedAt: number) {
  expect(await until(() => w.endedAt() !== null, ENDED_WITHIN_MS + 1000), "the stream ended").toBe(true);
  expect(w.endedAt()! - changedAt).toBeLessThan(ENDED_WITHIN_MS);
}

const disable = (url: string, adminCookie: string, email: string) =>
  callAction(url, adminCookie, actionId("setUserDisabled", "lib/actions/users.ts"), [{ email, disabled: true }], "/users");

describe.skipIf(!built())(`live streams end with their session (${DIST_DIR}, PGlite)`, () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let c: ConsoleProcess;
  let dir: string;
  let adminCookie: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aic-streams-"));
    const h = await openDb({ CONSOLE_DATA_DIR: path.join(dir, "db") });
    await migrate(h);
    await createUser(h.db, { email: ADMIN, role: "admin", password: PASSWORD });
    for (const email of USERS) await createUser(h.db, { email, role: "viewer", password: PASSWORD });
    await h.close();
    emu = await startEmulator({ port: EMU_PORT, servers: 2, aicsPerServer: 8 });
    c = await startConsoleProcess(PORTS[0], "", emu.endpoint, { CONSOLE_DATA_DIR: path.join(dir, "db") });
    adminCookie = await login(c.url, ADMIN);
  });
  afterAll(async () => {
    await c?.kill9();
    await emu?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a sign-out ends that session's streams at once, and only that session's", async () => {
    const [mine, other] = [await login(c.url, USERS[0]), await login(c.url, USERS[0])];
    const ended = await watch(c.url, mine);
    const kept = await watch(c.url, other);
    expect([ended.status, kept.status]).toEqual([200, 200]);
    const at = Date.now();
    await signOut(c.url, mine);
    await expectEndedPromptly(ended, at);
    const seen = ended.lines.length;
    await announceAChange(c.url, adminCookie);
    expect(await until(() => kept.lines.some((l) => l.text.startsWith("data: ")), 3000), "the other session still hears").toBe(true);
    expect(ended.lines.length, "nothing after the end").toBe(seen);
    expect(kept.endedAt()).toBeNull();
    await kept.close();
    expect((await watch(c.url, mine)).status, "the signed-out cookie opens no stream").toBe(401);
  });

  it("an admin's disable ends every stream of the user's sessions", async () => {
    const cookies = [await login(c.url, USERS[1]), await login(c.url, USERS[1])];
    const streams = [await watch(c.url, cookies[0]), await watch(c.url, cookies[0]), await watch(c.url, cookies[1])];
    const at = Date.now();
    const r = await disable(c.url, adminCookie, USERS[1]);
    expect(r.ok, r.body).toBe(true);
    for (const s of streams) await expectEndedPromptly(s, at);
    const seen = streams.map((s) => s.lines.length);
    await announceAChange(c.url, adminCookie);
    await new Promise((r) => setTimeout(r, 500));
    expect(streams.map((s) => s.lines.length)).toEqual(seen);
  });

  it(`a session holds at most ${STREAMS_PER_SESSION} streams: each new one ends the oldest`, async () => {
    const cookie = await login(c.url, USERS[2]);
    const streams: Watched[] = [];
    for (let i = 0; i < STREAMS_PER_SESSION + 3; i++) streams.push(await watch(c.url, cookie));
    expect(streams.every((s) => s.status === 200)).toBe(true);
    const oldest = streams.slice(0, 3);
    for (const s of oldest) expect(await until(() => s.endedAt() !== null, 2000)).toBe(true);
    expect(oldest[0].lines.some((l) => l.text.includes(`more than ${STREAMS_PER_SESSION} streams`))).toBe(true);
    const open = streams.slice(3);
    expect(open.every((s) => s.endedAt() === null)).toBe(true);
    await announceAChange(c.url, adminCookie);
    for (const s of open) expect(await until(() => s.lines.some((l) => l.text.startsWith("data: ")), 3000)).toBe(true);
    await Promise.all(open.map((s) => s.close()));
  });
});

const canRunPg = built() && (await postgresReachable());

describe.skipIf(!canRunPg)(`live streams end with their session across replicas (${DIST_DIR}, PostgreSQL)`, () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let db: ThrowawayDb;
  const procs: ConsoleProcess[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ port: EMU_PORT + 1, servers: 2, aicsPerServer: 8 });
    db = await throwawayDb("streams", [{ email: ADMIN, role: "admin" }, ...USERS.map((email) => ({ email, role: "viewer" as const }))]);
    const env = { DATABASE_MIGRATION_URL: db.url };
    procs.push(...(await Promise.all(PORTS.slice(1).map((p) => startConsoleProcess(p, db.consoleUrl, emu.endpoint, env)))));
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill9()));
    await db?.drop();
    await emu?.close();
  });

  it("a sign-out through replica A ends the session's stream on replica B", async () => {
    const [a, b] = procs;
    const cookie = await login(a.url, USERS[4]);
    const onB = await watch(b.url, cookie);
    expect(onB.status).toBe(200);
    const at = Date.now();
    await signOut(a.url, cookie);
    await expectEndedPromptly(onB, at);
  });

  it("a new password set with the users CLI ends the user's streams on both replicas", async () => {
    const [a, b] = procs;
    const cookie = await login(a.url, USERS[3]);
    const streams = [await watch(a.url, cookie), await watch(b.url, cookie)];
    const at = Date.now();
    await new Promise<void>((resolve, reject) => {
      const child = execFile(
        path.join(ROOT, "node_modules/.bin/tsx"),
        ["scripts/users.ts", "set-password", USERS[3]],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url, CONSOLE_DATA_DIR: "" } },
        (e, _out, err) => (e ? reject(new Error(`${e.message}\n${err}`)) : resolve()),
      );
      child.stdin!.end("a-brand-new-password-27\n");
    });
    // The CLI's own start-up is not the console's: measured from when it returned.
    const done = Date.now();
    for (const s of streams) {
      expect(await until(() => s.endedAt() !== null, ENDED_WITHIN_MS + 1000), "the stream ended").toBe(true);
      expect(s.endedAt()! - done).toBeLessThan(ENDED_WITHIN_MS);
    }
    expect(at).toBeLessThanOrEqual(done);
  });
});

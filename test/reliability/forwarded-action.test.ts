// Issue 27, over HTTP against a built console: a server action POSTed to a page that does not
// carry it (Next forwards it to the page that does, over loopback) is recorded and counted under
// the caller's address, not 127.0.0.1; a reason with a bidi override is refused before ENS; a
// tampered operations cursor is refused (API) or ignored (page), never a 500 with SQL in the log.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import { queryRows } from "@/lib/db/client";
import { PEER_PROOF_HEADER } from "@/lib/auth/request-info";
import { PLAIN_TEXT_MESSAGE } from "@/lib/validation/plain-text";
import { BAD_CURSOR_MESSAGE } from "@/lib/audit/page-cursors";
import { postgresReachable } from "../support/db";
import { TAMPERED_CURSORS } from "../security/corpus";
import {
  actionId,
  built,
  DIST_DIR,
  emulatorCalls,
  login,
  ROOT,
  startConsoleProcess,
  throwawayDb,
  type ConsoleProcess,
  type ThrowawayDb,
} from "./console-process";

const PORT = Number(process.env.RELIABILITY_FORWARDED_PORT ?? 3311);
const EMU_PORT = Number(process.env.RELIABILITY_FORWARDED_EMULATOR_PORT ?? 18811);
/** A loopback address of its own: anything recorded as 127.0.0.1 was recorded wrong. */
const CALLER = "127.0.0.5";
const OPERATOR = "operator@forwarded.test";
const REFUSALS_LOGGED = 3;
const canRun = built() && (await postgresReachable());

interface Ev {
  action: string;
  phase: string;
  outcome: string | null;
  error_code: string | null;
  source_ip: string | null;
  actor_email: string | null;
  params: { suppressed?: number; address?: string } | null;
}

/** A raw HTTP request from `localAddress`, as a script (not a browser) sends it. */
function send(
  localAddress: string,
  pagePath: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `http://127.0.0.1:${PORT}${pagePath}`,
      { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, localAddress, agent: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Which pages' bundles carry an action, from the build's server-reference manifest. */
function pagesCarrying(id: string): string[] {
  const m = JSON.parse(fs.readFileSync(path.join(ROOT, DIST_DIR, "server", "server-reference-manifest.json"), "utf8"));
  return Object.keys(m.node[id].workers);
}

/** Mutating ENS calls the emulator received (reads run in the background and are left out). */
async function ensChanges(emulatorUrl: string): Promise<number> {
  const { byAction } = await emulatorCalls(emulatorUrl);
  return Object.entries(byAction)
    .filter(([name]) => !/^(Describe|List|Get)/.test(name))
    .reduce((n, [, c]) => n + c.received, 0);
}

describe.skipIf(!canRun)(`the hostile path over HTTP (${DIST_DIR})`, () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let db: ThrowawayDb;
  let p: ConsoleProcess;
  let setLogin: string;
  const events = (where = sql`true`) =>
    queryRows<Ev>(
      db.handle.db,
      sql`SELECT action, phase, outcome, error_code, source_ip, actor_email, params FROM audit_events WHERE ${where} ORDER BY id`,
    );
  const postAction = (from: string, page: string, args: unknown[], extra: Record<string, string> = {}) =>
    send(
      from,
      page,
      {
        "next-action": setLogin,
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
        origin: `http://127.0.0.1:${PORT}`,
        ...extra,
      },
      JSON.stringify(args),
    );

  beforeAll(async () => {
    emu = await startEmulator({ port: EMU_PORT, servers: 4, aicsPerServer: 8 });
    db = await throwawayDb("forwarded", [{ email: OPERATOR, role: "operator" }]);
    p = await startConsoleProcess(PORT, db.consoleUrl, emu.endpoint, {
      DATABASE_MIGRATION_URL: db.url,
      CONSOLE_REFUSALS_LOGGED_PER_MINUTE: String(REFUSALS_LOGGED),
    });
    setLogin = actionId("setLogin", "lib/actions/logins.ts");
  });
  afterAll(async () => {
    await p?.kill9();
    await db?.drop();
    await emu?.close();
  });

  it("the page posted to does not carry the action: Next forwards it", () => {
    const pages = pagesCarrying(setLogin);
    expect(pages).toContain("app/(console)/instances/page");
    expect(pages).not.toContain("app/(console)/history/page");
  });

  it("anonymous refusals forwarded from /history are recorded, and counted, under the caller's address", async () => {
    const args = [{ instanceId: "aic-forwarded-0", action: "close" }];
    for (let i = 0; i < REFUSALS_LOGGED + 2; i++) {
      const res = await postAction(CALLER, "/history", args);
      expect(res.body).toContain('"code":"Console.Unauthenticated"');
    }
    // A client's own proof and X-Forwarded-For are claims: the socket's address is recorded.
    const forged = await postAction("127.0.0.6", "/history", args, {
      "x-forwarded-for": "203.0.113.9",
      [PEER_PROOF_HEADER]: `${Date.now() + 60_000}.${"A".repeat(43)}`,
    });
    expect(forged.body).toContain('"code":"Console.Unauthenticated"');
    // The loopback bucket is untouched: a refusal from 127.0.0.1 itself is still logged one by one.
    expect((await postAction("127.0.0.1", "/instances", args)).body).toContain('"code":"Console.Unauthenticated"');

    const refused = await events(sql`error_code = 'Console.Unauthenticated'`);
    expect(refused.map((e) => e.source_ip)).toEqual([...Array(REFUSALS_LOGGED).fill(CALLER), "127.0.0.6", "127.0.0.1"]);
  });

  it("a signed-in operator's change forwarded from /history is recorded under the caller's address", async () => {
    const cookie = await login(p.url, OPERATOR);
    const fleet = (await (await fetch(`${p.url}/api/fleet`, { headers: { cookie } })).json()) as {
      rows: { id: string; login: { open: boolean } }[];
    };
    const instanceId = fleet.rows.find((r) => !r.login.open)!.id;
    const before = await ensChanges(emu.url);
    const res = await postAction(
      CALLER,
      "/history",
      [{ instanceId, action: "open", keyName: "ops-debug-key", durationMinutes: 30, reason: "REL-27 forwarded action" }],
      { cookie },
    );
    expect(res.body).toContain('"ok":true');
    expect(await ensChanges(emu.url)).toBeGreaterThan(before);
    const opened = await events(sql`action = 'login.open' AND target_id = ${instanceId}`);
    expect(opened.map((e) => [e.phase, e.outcome, e.actor_email, e.source_ip])).toEqual([
      ["requested", null, OPERATOR, CALLER],
      ["completed", "success", OPERATOR, CALLER],
    ]);
  });

  it("a reason with a bidi override is refused with the plain-text message, before any ENS call", async () => {
    const cookie = await login(p.url, OPERATOR);
    const before = await ensChanges(emu.url);
    const rows = (await events()).length;
    for (const page of ["/instances", "/history"]) {
      const res = await postAction(
        CALLER,
        page,
        [
          {
            instanceId: "aic-forwarded-0",
            action: "open",
            keyName: "ops-debug-key",
            durationMinutes: 30,
            reason: "TICKET-\u202E1-gpj.exe",
          },
        ],
        { cookie },
      );
      expect(res.body).toContain('"code":"Console.InvalidInput"');
      expect(res.body).toContain(`"reason":"${PLAIN_TEXT_MESSAGE}"`);
    }
    expect(await ensChanges(emu.url)).toBe(before);
    const rejected = (await events()).slice(rows);
    expect(rejected.map((e) => [e.outcome, e.error_code, e.source_ip])).toEqual([
      ["rejected", "Console.InvalidInput", CALLER],
      ["rejected", "Console.InvalidInput", CALLER],
    ]);
  });

  it("a tampered operations cursor: 400 with the message from the API, the newest page from /operations, no SQL in the log", async () => {
    const cookie = await login(p.url, OPERATOR);
    const logBefore = p.log().length;
    for (const cursor of TAMPERED_CURSORS) {
      const api = await fetch(`${p.url}/api/operations?cursor=${encodeURIComponent(cursor)}`, { headers: { cookie } });
      expect(api.status, cursor).toBe(400);
      expect(((await api.json()) as { error: { message: string } }).error.message).toBe(BAD_CURSOR_MESSAGE);
      const page = await fetch(`${p.url}/operations?cursor=${encodeURIComponent(cursor)}`, { headers: { cookie } });
      expect(page.status, cursor).toBe(200);
      await page.text();
    }
    const twice = await fetch(`${p.url}/api/operations?cursor=a&cursor=b`, { headers: { cookie } });
    expect(twice.status).toBe(400);
    const log = p.log().slice(logBefore);
    expect(log).not.toMatch(/select |timestamptz|"level":"error"/i);
  });

  it("the summary of the suppressed refusals names the caller's address (written at shutdown)", async () => {
    await p.stop();
    const summaries = await events(sql`action = 'console.refusals_summarised'`);
    expect(summaries.map((e) => [e.source_ip, e.params?.suppressed])).toEqual([[CALLER, 2]]);
  });
});

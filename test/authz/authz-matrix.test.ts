import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActiveUser } from "@/lib/auth/session";
import type { Role } from "@/lib/db/schema";

const session = vi.hoisted(() => {
  process.env.CONSOLE_DATA_DIR = "memory://";
  // Every refusal here must be recorded one by one; the per-client summary is test/security's.
  process.env.CONSOLE_REFUSALS_LOGGED_PER_MINUTE = "100000";
  return { user: null as ActiveUser | null };
});
vi.mock("@/lib/auth/session", () => ({ getActiveUser: async () => session.user, requireUser: async () => session.user }));
// The live stream names its session from the cookie; here the session is the mocked user's.
vi.mock("@/lib/auth/request-session", () => ({
  requestSession: async () => session.user && { uid: session.user.id, loginAt: Date.now() },
  sessionStillActive: async () => true,
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "authz-test", "x-forwarded-for": "127.0.0.9" }) }));

const { ACCESS_MATRIX, PUBLIC_ROUTES } = await import("@/lib/auth/access-matrix");
const { ACTION_META } = await import("@/lib/actions/safe-action");
const { READ_ROUTE } = await import("@/lib/http/read-route");
type Named = { name: keyof typeof ACCESS_MATRIX };
const actionRow = (fn: unknown) => ACCESS_MATRIX[(fn as Record<symbol, Named>)[ACTION_META].name];
/** A route's row: its action's (read routes and exports are named by one), or "public". */
const routeRow = (f: string, method: string, fn: unknown) => {
  const meta = (fn as Record<symbol, Named | undefined>)[READ_ROUTE];
  if (meta) return ACCESS_MATRIX[meta.name];
  return PUBLIC_ROUTES.includes(`${f} ${method}`) ? ("public" as const) : undefined;
};
const { getDb, queryRows } = await import("@/lib/db/client");
const { startEmulator } = await import("@/emulator/server");

const ROOT = path.resolve(import.meta.dirname, "../..");
const WHO = ["anonymous", "viewer", "requester", "operator", "auditor", "admin"] as const;

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) walk(rel, out);
    else if (/\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}
const isServerFile = (f: string) => /^\s*["']use server["']/.test(fs.readFileSync(path.join(ROOT, f), "utf8"));
const actionFiles = ["app", "components", "lib"].flatMap((d) => walk(d)).filter(isServerFile);
const routeFiles = walk("app").filter((f) => /\/route\.ts$/.test(f));

let emulator: Awaited<ReturnType<typeof startEmulator>>;
const calls = async () => (await (await fetch(`${emulator.url}/__emulator/calls`)).json()).total as number;
const lastEvent = async () =>
  (
    await queryRows<{ outcome: string; error_code: string; action: string }>(
      await getDb(),
      sql`SELECT outcome, error_code, action FROM audit_events ORDER BY id DESC LIMIT 1`,
    )
  )[0];
const as = (who: (typeof WHO)[number]) => {
  session.user =
    who === "anonymous"
      ? null
      : { id: `00000000-0000-4000-8000-00000000000${WHO.indexOf(who)}`, email: `${who}@authz.test`, role: who as Role, name: null };
};

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  Object.assign(process.env, {
    ENS_ENDPOINT: emulator.endpoint,
    ENS_PROTOCOL: "HTTP",
    ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI5tEmulatorDemoKey01",
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "emulator-demo-secret-0123456789abcdef",
  });
});
afterAll(async () => emulator?.close());

describe("server actions", () => {
  it("live only in lib/actions", () => {
    expect(actionFiles.length).toBeGreaterThan(0);
    for (const f of actionFiles) expect(f.startsWith("lib/actions/"), f).toBe(true);
  });

  it("are all built with the wrapper and all have a row in the access matrix", async () => {
    for (const f of actionFiles) {
      const mod = await import(/* @vite-ignore */ path.join(ROOT, f));
      for (const [name, fn] of Object.entries(mod)) {
        expect(typeof fn, `${f}#${name}`).toBe("function");
        expect((fn as Record<symbol, unknown>)[ACTION_META], `${f}#${name} is not built with action()`).toBeTruthy();
        expect(actionRow(fn), `${f}#${name} has no row in ACCESS_MATRIX`).toBeDefined();
      }
    }
  });

  it.each(WHO)("as %s: allowed roles get to validation, others are denied, audited, with no upstream call", async (who) => {
    as(who);
    for (const f of actionFiles) {
      const mod = await import(/* @vite-ignore */ path.join(ROOT, f));
      for (const [name, fn] of Object.entries(mod) as [string, (raw: unknown) => Promise<{ ok: boolean; error?: { code: string } }>][]) {
        const allowed = actionRow(fn);
        const before = await calls();
        const res = await fn({ "unexpected-field": "<script>" });
        const expected =
          who === "anonymous" ? "Console.Unauthenticated" : !allowed.includes(who as Role) ? "Console.Forbidden" : "Console.InvalidInput";
        expect(res.ok, `${f}#${name} as ${who}`).toBe(false);
        expect(res.error?.code, `${f}#${name} as ${who}`).toBe(expected);
        expect(await calls(), `${f}#${name} as ${who} made an upstream call`).toBe(before);
        expect((await lastEvent()).outcome).toBe(expected === "Console.InvalidInput" ? "rejected" : "denied");
      }
    }
  });
});

describe("route handlers", () => {
  it("all have a row in the access matrix", async () => {
    for (const f of routeFiles) {
      const mod = await import(/* @vite-ignore */ path.join(ROOT, f));
      for (const method of Object.keys(mod).filter((k) => /^[A-Z]+$/.test(k))) {
        expect(routeRow(f, method, mod[method]), `${f} ${method} is neither named by an action nor public`).toBeDefined();
      }
    }
  });

  it.each(WHO)("as %s: denied routes answer 401/403, are audited and make no upstream call", async (who) => {
    as(who);
    for (const f of routeFiles) {
      const mod = await import(/* @vite-ignore */ path.join(ROOT, f));
      for (const method of Object.keys(mod).filter((k) => /^[A-Z]+$/.test(k))) {
        const allowed = routeRow(f, method, mod[method])!;
        if (allowed === "public") continue;
        const url = `http://127.0.0.1/${f
          .replace(/^app\//, "")
          .replace(/\/route\.ts$/, "")
          .replace("[instanceId]", "aic-unknown-0")}`;
        const before = await calls();
        const res: Response = await mod[method](new NextRequest(url, { method }), {
          params: Promise.resolve({ instanceId: "aic-unknown-0" }),
        });
        if (who === "anonymous" || !allowed.includes(who as Role)) {
          expect(res.status, `${f} ${method} as ${who}`).toBe(who === "anonymous" ? 401 : 403);
          expect(await calls(), `${f} ${method} as ${who} made an upstream call`).toBe(before);
          expect((await lastEvent()).outcome).toBe("denied");
        } else {
          expect([401, 403], `${f} ${method} as ${who}`).not.toContain(res.status);
        }
        await res.body?.cancel();
      }
    }
  });
});

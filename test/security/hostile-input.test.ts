import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActiveUser } from "@/lib/auth/session";
import { buildCorpus, type ActionKey, type HostileCase } from "./corpus";

const session = vi.hoisted(() => {
  process.env.CONSOLE_DATA_DIR = "memory://";
  return { user: null as ActiveUser | null };
});
vi.mock("@/lib/auth/session", () => ({ getActiveUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "hostile-input-test", "x-forwarded-for": "127.0.0.7" }),
}));

const { getDb, queryRows } = await import("@/lib/db/client");
const { startEmulator } = await import("@/emulator/server");

type Result = { ok: boolean; error?: { code: string; message: string } };
type Action = (raw: unknown) => Promise<Result>;
interface AuditRow {
  outcome: string;
  error_code: string;
  phase: string;
  actor_email: string;
  params: { input?: unknown } | null;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const corpus = buildCorpus();
let emulator: Awaited<ReturnType<typeof startEmulator>>;
const actions = new Map<ActionKey, Action>();

/** The emulator's call counter; retried once, as an idle keep-alive socket may have been closed. */
async function calls(): Promise<number> {
  const get = async () =>
    ((await (await fetch(`${emulator.url}/__emulator/calls`, { headers: { connection: "close" } })).json()) as { total: number }).total;
  return get().catch(get);
}
const lastEvent = async () =>
  (
    await queryRows<AuditRow>(
      await getDb(),
      sql`SELECT outcome, error_code, phase, actor_email, params FROM audit_events ORDER BY id DESC LIMIT 1`,
    )
  )[0];
const eventCount = async () =>
  Number((await queryRows<{ n: number }>(await getDb(), sql`SELECT count(*)::int AS n FROM audit_events`))[0].n);

async function run(c: HostileCase): Promise<Result> {
  const fn = actions.get(c.action)!;
  try {
    return await fn(c.input);
  } catch (e) {
    throw new Error(`${c.label} threw instead of returning a typed error: ${String(e)}`);
  }
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  Object.assign(process.env, {
    ENS_ENDPOINT: emulator.endpoint,
    ENS_PROTOCOL: "HTTP",
    ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI5tEmulatorDemoKey01",
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "emulator-demo-secret-0123456789abcdef",
  });
  session.user = { id: "00000000-0000-4000-8000-0000000000a1", email: "admin@hostile.test", role: "admin", name: null };
  // Every action in lib/actions, by the name it is audited under (ACTION_META).
  const { ACTION_META } = await import("@/lib/actions/safe-action");
  for (const f of fs.readdirSync(path.join(ROOT, "lib/actions")).filter((f) => f.endsWith(".ts"))) {
    const mod = (await import(/* @vite-ignore */ path.join(ROOT, "lib/actions", f))) as Record<string, unknown>;
    for (const fn of Object.values(mod)) {
      const meta = typeof fn === "function" ? (fn as unknown as Record<symbol, { name: ActionKey } | undefined>)[ACTION_META] : undefined;
      if (meta) actions.set(meta.name, fn as Action);
    }
  }
});
afterAll(async () => emulator?.close());

describe("hostile input corpus", () => {
  it("has at least 200 cases and covers every server action", async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(actions.size).toBeGreaterThanOrEqual(15);
    for (const key of actions.keys())
      expect(
        corpus.some((c) => c.action === key),
        `no hostile case for ${key}`,
      ).toBe(true);
    for (const [key, fn] of actions) expect(typeof fn, key).toBe("function");
  });

  it("every case: typed Console.InvalidInput, no upstream call, one rejected audit record", async () => {
    const failures: string[] = [];
    const before = await calls();
    for (const c of corpus) {
      const events = await eventCount();
      const res = await run(c);
      const ev = await lastEvent();
      const problems = [
        res.ok !== false && "accepted",
        res.error?.code !== "Console.InvalidInput" && `code ${res.error?.code}`,
        typeof res.error?.message !== "string" && "no message",
        (await eventCount()) !== events + 1 && "not exactly one audit event",
        ev.outcome !== "rejected" && `audit outcome ${ev.outcome}`,
        ev.error_code !== "Console.InvalidInput" && `audit code ${ev.error_code}`,
        ev.actor_email !== "admin@hostile.test" && "audit actor",
        (ev.params === null || !("input" in ev.params)) && "audit params missing",
      ].filter(Boolean);
      // The result must survive the trip to the browser (plain, serializable data).
      expect(() => JSON.stringify(res)).not.toThrow();
      if (problems.length) failures.push(`${c.label}: ${problems.join(", ")}`);
    }
    expect(failures).toEqual([]);
    expect(await calls(), "a hostile input reached ENS").toBe(before);
  }, 240_000);

  it("keeps only the shape and a SHA-256 of a refused input, never its values", async () => {
    const setLogin = actions.get("login.set")!;
    const input = { instanceId: "aic-hostile-0", action: "open", keyName: "abc\u0000def" };
    expect((await setLogin(input)).error?.code).toBe("Console.InvalidInput");
    const stored = (await lastEvent()).params as { input: { shape: Record<string, string>; sha256: string; issues: { path: string }[] } };
    expect(stored.input.shape).toEqual({ instanceId: "string(13)", action: "string(4)", keyName: "string(7)" });
    expect(stored.input.sha256).toBe(createHash("sha256").update(JSON.stringify(input).replace("\\u0000", "\\u0000")).digest("hex"));
    expect(stored.input.issues.map((i) => i.path)).toContain("keyName");
    expect(JSON.stringify(stored)).not.toContain("abc");
  });

  it("1 MB inputs, a split surrogate pair, an invalid Date and a cycle: one bounded record each, chain intact", async () => {
    const deleteKey = actions.get("key.delete")!;
    const share = actions.get("image.share")!;
    const cyclic: Record<string, unknown> = { imageId: "m-1" };
    cyclic.self = cyclic;
    const odd: unknown[] = [
      { keyName: "k".repeat(1 << 20) },
      { keyName: `${"a".repeat(319)}\u{1F600}`.slice(0, 320) },
      { keyName: "\uD83D", extra: "\uDE00x" },
      { keyName: new Date(Number.NaN) },
      {
        keyName: {
          toJSON() {
            throw new Error("boom");
          },
        },
      },
      Array.from({ length: 5000 }, (_, i) => ({ [`k${i}`]: "x".repeat(200) })),
    ];
    for (const raw of odd) {
      const n = await eventCount();
      const res = await deleteKey(raw);
      expect(res.error?.code).toBe("Console.InvalidInput");
      expect(await eventCount()).toBe(n + 1);
      const size = await queryRows<{ b: number }>(
        await getDb(),
        sql`SELECT octet_length(params::text) AS b FROM audit_events ORDER BY id DESC LIMIT 1`,
      );
      expect(Number(size[0].b)).toBeLessThanOrEqual(8192);
    }
    expect((await share(cyclic)).error?.code).toBe("Console.InvalidInput");
    const { verifyChain } = await import("@/lib/audit/verify");
    expect((await verifyChain(await getDb())).intact).toBe(true);
  });

  it("never turns __proto__ or constructor keys into prototype pollution", async () => {
    const create = actions.get("user.create")!;
    const input = JSON.parse(
      '{"email":"x@hostile.test","role":"viewer","__proto__":{"polluted":"yes","role":"admin"},"constructor":{"prototype":{"polluted":"yes"}}}',
    );
    const res = await create(input);
    expect(res.error?.code).toBe("Console.InvalidInput");
    const stored = ((await lastEvent()).params as { input: { shape: Record<string, unknown> } }).input.shape;
    expect(Object.hasOwn(stored, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    const rows = await queryRows<{ n: number }>(await getDb(), sql`SELECT count(*)::int AS n FROM users WHERE email = 'x@hostile.test'`);
    expect(Number(rows[0].n)).toBe(0);
  });

  it("keeps SQL payloads as data: the audit table is intact", async () => {
    const share = actions.get("image.share")!;
    const payload = "m-x'; DROP TABLE audit_events;--";
    expect((await share({ imageId: payload, users: ["1234567890123456"] })).error?.code).toBe("Console.InvalidInput");
    expect(((await lastEvent()).params as { input: { shape: { imageId: string } } }).input.shape.imageId).toBe(`string(${payload.length})`);
    expect(await eventCount()).toBeGreaterThan(200);
  });
});

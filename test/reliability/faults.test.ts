// Faults: 300 mixed operations through the real exported server actions while the emulator fails
// 30 % of calls (JSON 500/503, throttling, HTML 503, connection resets, hangs past the read
// timeout). Every operation must end as a success or a typed failure, every `requested` audit
// event must have exactly one `completed`, and no call may exceed the retry bound.
import { AsyncLocalStorage } from "node:async_hooks";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActiveUser } from "@/lib/auth/session";

const MAX_ATTEMPTS = 3;
const READ_TIMEOUT_MS = 1500;
const OPS = 300;
const CONCURRENCY = 12;

const env = vi.hoisted(() => {
  Object.assign(process.env, {
    CONSOLE_DATA_DIR: "memory://",
    ENS_MAX_ATTEMPTS: "3",
    ENS_READ_TIMEOUT_MS: "1500",
    ENS_CONNECT_TIMEOUT_MS: "1000",
    ENS_BACKOFF_BASE_MS: "20",
    ENS_BACKOFF_MAX_MS: "100",
  });
  return {
    user: { id: "00000000-0000-4000-8000-0000000000fa", email: "faults@rel.test", role: "operator", name: null } as ActiveUser,
  };
});
vi.mock("@/lib/auth/session", () => ({ getActiveUser: async () => env.user, requireUser: async () => env.user }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "faults-test", "x-forwarded-for": "127.0.0.7" }) }));

/** Per-operation attempt log: every ENS attempt made while running operation N. */
interface OpStats {
  calls: number;
  attempts: number;
  maxAttempt: number;
}
const current = new AsyncLocalStorage<OpStats>();
vi.mock("@/lib/ens", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/ens")>();
  let client: ReturnType<typeof real.createEnsClient> | undefined;
  const onAttempt = (info: { attempt: number }) => {
    const s = current.getStore();
    if (!s) return;
    s.attempts++;
    if (info.attempt === 1) s.calls++;
    s.maxAttempt = Math.max(s.maxAttempt, info.attempt);
  };
  return { ...real, ens: () => (client ??= real.createEnsClient(real.ensConfigFromEnv(), { onAttempt })) };
});

const { startEmulator } = await import("@/emulator/server");
const { setLogin } = await import("@/lib/actions/logins");
const { shareImage } = await import("@/lib/actions/images");
const { uploadKey, deleteKey } = await import("@/lib/actions/keys");
const { getDb, queryRows } = await import("@/lib/db/client");
const { verifyChain } = await import("@/lib/audit/verify");
const { fleetInstanceIds, emulatorCalls, setFaults } = await import("./console-process");

type Result = { ok: boolean; error?: { code: string; message: string } };

/** Small deterministic PRNG, so the operation mix is the same on every run. */
function rng(seed: number) {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe("300 mixed operations under 30 % injected faults", () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    Object.assign(process.env, {
      ENS_ENDPOINT: emu.endpoint,
      ENS_PROTOCOL: "HTTP",
      ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI5tEmulatorDemoKey01",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "emulator-demo-secret-0123456789abcdef",
    });
    await getDb();
  });
  afterAll(async () => emu?.close());

  it("ends every operation as success or a typed failure, audits each exactly once, and bounds retries", async () => {
    const instances = await fleetInstanceIds(40);
    const images = ["m-e5898a4da232cc0bbf1ac95c9455ea4", "m-a065185bfeaecb73f2926f4f2bcb543", "m-331fc7565c701e0e85d1af67834908a"];
    const random = rng(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const uploaded: string[] = [];
    const ops: Array<{ kind: string; run: () => Promise<Result> }> = Array.from({ length: OPS }, (_, i) => {
      const r = random();
      if (r < 0.5) {
        const instanceId = pick(instances);
        const args =
          random() < 0.5
            ? { instanceId, action: "close" as const }
            : {
                instanceId,
                action: "open" as const,
                keyName: pick(["support-adb-key", "ops-debug-key"]),
                durationMinutes: 60,
                reason: "TICKET-1",
              };
        return { kind: `login.${args.action}`, run: () => setLogin(args) };
      }
      if (r < 0.7) {
        const users = Array.from({ length: 1 + Math.floor(random() * 14) }, (_, k) => String(1_000_000_000_000_000 + i * 100 + k));
        return { kind: "image.share", run: () => shareImage({ imageId: pick(images), users }) };
      }
      if (r < 0.9 || !uploaded.length) {
        const keyName = `fault-key-${String(i).padStart(4, "0")}`;
        uploaded.push(keyName);
        return {
          kind: "key.upload",
          run: () => uploadKey({ keyName, keyType: "ssh-rsa", content: `ssh-rsa AAAAB3NzaC1yc2E${i} fault@test` }),
        };
      }
      const keyName = uploaded.shift()!;
      return { kind: "key.delete", run: () => deleteKey({ keyName }) };
    });

    await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
    await setFaults(emu.url, {
      errorRate: 0.3,
      errors: ["InternalError", "ServiceUnavailable", "Throttling.User", "Html503", "ConnectionReset", "Hang"],
      hangMs: READ_TIMEOUT_MS * 3,
    });

    const started = performance.now();
    const outcomes: Array<{ kind: string; res: Result; stats: OpStats }> = new Array(OPS);
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < OPS) {
          const i = next++;
          const stats: OpStats = { calls: 0, attempts: 0, maxAttempt: 0 };
          const res = (await current.run(stats, ops[i].run)) as Result;
          outcomes[i] = { kind: ops[i].kind, res, stats };
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await setFaults(emu.url, {});

    // 1. Every operation ended as a success or a clear, typed failure.
    const failures = new Map<string, number>();
    for (const o of outcomes) {
      expect(typeof o.res.ok).toBe("boolean");
      if (o.res.ok) continue;
      expect(o.res.error?.code, JSON.stringify(o.res)).toMatch(/^[A-Za-z][\w.]+$/);
      expect(o.res.error?.code).not.toBe("Console.Internal");
      expect(o.res.error?.message.length).toBeGreaterThan(0);
      failures.set(o.res.error!.code, (failures.get(o.res.error!.code) ?? 0) + 1);
    }

    // 2. Exactly one `completed` per `requested`, and one audited operation per call.
    const db = await getDb();
    const perOp = await queryRows<{ operation_id: string; requested: string; completed: string }>(
      db,
      sql`
      SELECT operation_id, count(*) FILTER (WHERE phase = 'requested') AS requested, count(*) FILTER (WHERE phase = 'completed') AS completed
      FROM audit_events WHERE actor_email = 'faults@rel.test' GROUP BY operation_id`,
    );
    expect(perOp).toHaveLength(OPS);
    const requested = perOp.filter((p) => Number(p.requested) === 1).length;
    for (const p of perOp) {
      expect(Number(p.requested), p.operation_id).toBeLessThanOrEqual(1);
      expect(Number(p.completed), p.operation_id).toBe(1);
    }
    expect((await verifyChain(db)).intact).toBe(true);

    // 3. Retries are bounded, per ENS call, per operation and at the emulator.
    const calls = outcomes.reduce((n, o) => n + o.stats.calls, 0);
    const attempts = outcomes.reduce((n, o) => n + o.stats.attempts, 0);
    const maxAttempt = Math.max(...outcomes.map((o) => o.stats.maxAttempt));
    expect(maxAttempt).toBeLessThanOrEqual(MAX_ATTEMPTS);
    for (const o of outcomes) expect(o.stats.attempts).toBeLessThanOrEqual(MAX_ATTEMPTS * o.stats.calls);
    const upstream = await emulatorCalls(emu.url);
    const received = Object.entries(upstream.byAction).reduce((n, [, a]) => n + a.received, 0);
    expect(received).toBe(attempts);
    expect(received).toBeLessThanOrEqual(MAX_ATTEMPTS * calls);
    const retried = outcomes.filter((o) => o.stats.attempts > o.stats.calls).length;

    const successes = outcomes.filter((o) => o.res.ok).length;
    const byKind = new Map<string, number>();
    for (const o of outcomes) byKind.set(o.kind, (byKind.get(o.kind) ?? 0) + 1);
    console.log(
      [
        `[faults] ${OPS} operations in ${seconds.toFixed(1)} s (concurrency ${CONCURRENCY}): ${[...byKind].map(([k, n]) => `${k} ${n}`).join(", ")}`,
        `[faults] ${successes} succeeded, ${OPS - successes} failed with a typed code: ${[...failures]
          .sort((a, b) => b[1] - a[1])
          .map(([c, n]) => `${c} ${n}`)
          .join(", ")}`,
        `[faults] audit: ${requested} requested, ${perOp.length} completed operations (one each), chain intact`,
        `[faults] ENS: ${calls} logical calls, ${attempts} attempts, emulator received ${received} (bound ${MAX_ATTEMPTS} × ${calls} = ${MAX_ATTEMPTS * calls}); ` +
          `max attempts per call ${maxAttempt}; ${retried} operations retried; failed upstream ${Object.values(upstream.byAction).reduce((n, a) => n + a.failed, 0)}`,
      ].join("\n"),
    );
  });
});

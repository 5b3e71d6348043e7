import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import {
  clientFor,
  received as receivedOnce,
  resetEmulator,
  setFaults,
  startEmulator,
  type Emulator,
} from "@/lib/ens/test/emulator-helpers";
import type { ActiveUser } from "@/lib/auth/session";
import { createActionFactory } from "../safe-action";
import { shareImageSpec } from "@/lib/images/actions";
import { shareHistory } from "@/lib/images/read";
import type { ShareOutcome } from "@/lib/images/view";
import { freshDb } from "@/test/support/db";
import { EnsError, type EnsClient } from "@/lib/ens";

const IMG = "m-1f2561e52a9e0854487599d9408c519";
const uids = (n: number, base = 1_000_000_000_000_000) => Array.from({ length: n }, (_, i) => String(base + i));

let emu: Emulator;

// The control fetch can meet a keep-alive socket the emulator just closed (ECONNRESET); one retry.
const received = (e: Emulator, action: string) => receivedOnce(e, action).catch(() => receivedOnce(e, action));
let handle: Awaited<ReturnType<typeof freshDb>>;
let user: ActiveUser | null;

const shareImage = () =>
  createActionFactory({
    resolveUser: async () => user,
    requestInfo: async () => ({ ip: "127.0.0.1", userAgent: "vitest" }),
    db: async () => handle.db,
    ens: () => clientFor(emu, { maxAttempts: 1 }),
  })(shareImageSpec);

const events = () =>
  queryRows<{
    action: string;
    phase: string;
    outcome: string | null;
    error_code: string | null;
    target_id: string | null;
    ens_request_id: string | null;
    result: ShareOutcome | null;
  }>(handle.db, sql`SELECT action, phase, outcome, error_code, target_id, ens_request_id, result FROM audit_events ORDER BY id`);

beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 1, aicsPerServer: 1, qps: 0 });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await handle?.drop();
  handle = await freshDb("pglite");
  // After the slow DB setup, so no idle keep-alive socket to the emulator is reused half-closed.
  await resetEmulator(emu);
  user = { id: "u1", email: "operator@test", role: "operator", name: null };
});

describe("image.share", () => {
  it("rejects 101 UIDs before any upstream call, and audits the rejection", async () => {
    const r = await shareImage()({ imageId: IMG, users: uids(101) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("Console.InvalidInput");
    expect(await received(emu, "ShareAICImage")).toBe(0);
    expect(await events()).toMatchObject([
      { action: "image.share", phase: "completed", outcome: "rejected", error_code: "Console.InvalidInput" },
    ]);
  });

  it("rejects a malformed UID before any upstream call", async () => {
    const r = await shareImage()({ imageId: IMG, users: ["1234567890123456", "12345"] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.fieldErrors?.["users.1"]).toMatch(/16 digits/);
    expect(await received(emu, "ShareAICImage")).toBe(0);
    expect((await events()).map((e) => e.outcome)).toEqual(["rejected"]);
  });

  it("denies a viewer with no upstream call", async () => {
    user = { id: "u2", email: "viewer@test", role: "viewer", name: null };
    const r = await shareImage()({ imageId: IMG, users: uids(1) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("Console.Forbidden");
    expect(await received(emu, "ShareAICImage")).toBe(0);
    expect((await events()).map((e) => e.outcome)).toEqual(["denied"]);
  });

  it.each([
    [23, [10, 10, 3]],
    [25, [10, 10, 5]],
  ])("%i UIDs make exactly %j upstream calls", async (n, sizes) => {
    const r = await shareImage()({ imageId: IMG, users: uids(n) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.batches.map((b) => b.users.length)).toEqual(sizes);
    expect(r.data).toMatchObject({ total: n, shared: n, failed: 0 });
    expect(await received(emu, "ShareAICImage")).toBe(sizes.length);
    const state = (await (await fetch(`${emu.url}/__emulator/state`)).json()) as { shares: Record<string, string[]> };
    expect(state.shares[IMG]).toHaveLength(n);
    const ev = await events();
    expect(ev.map((e) => [e.phase, e.outcome])).toEqual([
      ["requested", null],
      ["completed", "success"],
    ]);
    expect(ev[1].ens_request_id).toMatch(/^[0-9A-F-]{36}$/);
    // The log keeps every batch's RequestId, not only the last one's.
    expect(ev[1].result?.batches.map((b) => b.requestId)).toEqual(r.data.batches.map((b) => b.requestId));
    expect(new Set(r.data.batches.map((b) => b.requestId)).size).toBe(sizes.length);
    const [row] = await shareHistory(handle.db, IMG);
    expect(row).toMatchObject({ outcome: "success", actorEmail: "operator@test", users: uids(n) });
  });

  it("reports NoPermission with its code and RequestId, audited as a failure", async () => {
    await setFaults(emu, { errorRate: 1, errors: ["NoPermission"], actions: ["ShareAICImage"] });
    const r = await shareImage()({ imageId: IMG, users: uids(3) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("NoPermission");
    expect(r.error.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect((r.error.details as ShareOutcome).batches).toMatchObject([{ ok: false, code: "NoPermission" }]);
    const ev = await events();
    expect(ev[1]).toMatchObject({ outcome: "failure", error_code: "NoPermission", ens_request_id: r.error.requestId });
  });

  it("never reports a partial success as success", async () => {
    // The second batch fails; the other two go through.
    let call = 0;
    const real = clientFor(emu, { maxAttempts: 1 });
    const flaky: EnsClient = {
      ...real,
      shareAicImage: (req, o) =>
        ++call === 2
          ? Promise.reject(
              new EnsError({
                code: "Throttling.User",
                message: "Request was denied due to user flow control.",
                requestId: "AAAAAAAA-0000-0000-0000-000000000002",
              }),
            )
          : real.shareAicImage(req, o),
    };
    const run = createActionFactory({
      resolveUser: async () => user,
      requestInfo: async () => ({ ip: null, userAgent: null }),
      db: async () => handle.db,
      ens: () => flaky,
    })(shareImageSpec);
    const r = await run({ imageId: IMG, users: uids(23) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("Console.PartialShare");
    expect(r.error.message).toMatch(/Shared with 13 of 23/);
    const outcome = r.error.details as ShareOutcome;
    expect(outcome.batches.map((b) => [b.users.length, b.ok, b.code])).toEqual([
      [10, true, undefined],
      [10, false, "Throttling.User"],
      [3, true, undefined],
    ]);
    expect(await received(emu, "ShareAICImage")).toBe(2);
    const completed = (await events()).at(-1)!;
    expect(completed).toMatchObject({ outcome: "failure", error_code: "Console.PartialShare" });
    // Who got the image and who did not, with each batch's RequestId, stays in the log.
    expect(completed.result).toEqual(JSON.parse(JSON.stringify(outcome)));
    expect(completed.result?.batches[1]).toMatchObject({
      ok: false,
      code: "Throttling.User",
      requestId: "AAAAAAAA-0000-0000-0000-000000000002",
      users: uids(23).slice(10, 20),
    });
    const [row] = await shareHistory(handle.db, IMG);
    expect(row).toMatchObject({ outcome: "failure", errorCode: "Console.PartialShare" });
  });

  it("a batch whose answer was lost makes the whole share unknown in the log", async () => {
    let call = 0;
    const real = clientFor(emu, { maxAttempts: 1 });
    const lost: EnsClient = {
      ...real,
      shareAicImage: (req, o) =>
        ++call === 1
          ? Promise.reject(new EnsError({ code: "Network.Timeout", message: "ENS did not answer within the configured timeout" }))
          : real.shareAicImage(req, o),
    };
    const run = createActionFactory({
      resolveUser: async () => user,
      requestInfo: async () => ({ ip: null, userAgent: null }),
      db: async () => handle.db,
      ens: () => lost,
    })(shareImageSpec);
    const r = await run({ imageId: IMG, users: uids(12) });
    expect(r).toMatchObject({ ok: false, error: { code: "Console.PartialShare" } });
    const completed = (await events()).at(-1)!;
    expect(completed).toMatchObject({ outcome: "unknown", error_code: "Console.PartialShare" });
    expect(completed.result?.batches[0]).toMatchObject({ ok: false, code: "Network.Timeout", uncertain: true });
  });
});

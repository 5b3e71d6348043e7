import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import { clientFor, received, resetEmulator, setFaults, startEmulator, type Emulator } from "@/lib/ens/test/emulator-helpers";
import type { ActiveUser } from "@/lib/auth/session";
import type { EnsClient } from "@/lib/ens";
import { setLoginSpec } from "@/lib/logins/actions";
import { freshDb } from "@/test/support/db";
import { createActionFactory } from "../safe-action";

let emu: Emulator;
let handle: Awaited<ReturnType<typeof freshDb>>;
const user: ActiveUser = { id: "u1", email: "operator@test", role: "operator", name: null };

const setLogin = (client: () => EnsClient = () => clientFor(emu, { maxAttempts: 1 })) =>
  createActionFactory({
    resolveUser: async () => user,
    requestInfo: async () => ({ ip: "127.0.0.1", userAgent: "vitest" }),
    db: async () => handle.db,
    ens: client,
  })(setLoginSpec);

const events = () =>
  queryRows<{ phase: string; outcome: string | null; error_code: string | null; ens_request_id: string | null }>(
    handle.db,
    sql`SELECT phase, outcome, error_code, ens_request_id FROM audit_events ORDER BY id`,
  );

let instanceId: string;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 1, aicsPerServer: 2, qps: 0 });
  // The emulator preloads support-adb-key on the first instance.
  instanceId = (await clientFor(emu).listAllAicInstances())[0].InstanceId;
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await handle?.drop();
  handle = await freshDb("pglite");
  await resetEmulator(emu);
});

describe("login.close / login.open", () => {
  it("returns the state read back from ENS, audited with ManageAICLogin's RequestId", async () => {
    const r = await setLogin()({ instanceId, action: "close" });
    expect(r).toMatchObject({ ok: true, data: { login: { open: false, keys: [] } } });
    expect(await received(emu, "ManageAICLogin")).toBe(1);
    expect(await received(emu, "ListAICPublicKeyDeliveries")).toBe(1);
    const ev = await events();
    expect(ev.map((e) => [e.phase, e.outcome])).toEqual([
      ["requested", null],
      ["completed", "success"],
    ]);
    expect(ev[1].ens_request_id).toMatch(/^[0-9A-F-]{36}$/);
  });

  it("writes `completed` while the read-back is still running, and answers only after both", async () => {
    const real = clientFor(emu, { maxAttempts: 1 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let readBackStarted = false;
    const slowReadBack: EnsClient = {
      ...real,
      listAllPublicKeyDeliveries: async (...args) => {
        readBackStarted = true;
        await gate;
        return real.listAllPublicKeyDeliveries(...args);
      },
    };
    let settled = false;
    const pending = setLogin(() => slowReadBack)({ instanceId, action: "close" }).then((r) => ((settled = true), r));
    while (!(readBackStarted && (await events()).some((e) => e.phase === "completed"))) await new Promise((r) => setTimeout(r, 5));
    expect(settled).toBe(false);
    expect((await events()).at(-1)).toMatchObject({ phase: "completed", outcome: "success" });
    release();
    expect(await pending).toMatchObject({ ok: true, data: { login: { open: false, keys: [] } } });
  });

  it("a failed read-back still reports the change ENS made, and no state it did not read", async () => {
    await setFaults(emu, { errorRate: 1, errors: ["InternalError"], actions: ["ListAICPublicKeyDeliveries"] });
    const r = await setLogin()({ instanceId, action: "open", keyName: "ops-debug-key", durationMinutes: 60, reason: "TICKET-1" });
    expect(r).toEqual({ ok: true, data: { login: null } });
    expect((await events()).at(-1)).toMatchObject({ phase: "completed", outcome: "success" });
  });

  it("a refused ManageAICLogin is a failure with its code, and nothing is read back", async () => {
    await setFaults(emu, { errorRate: 1, errors: ["NoPermission"], actions: ["ManageAICLogin"] });
    const r = await setLogin()({ instanceId, action: "close" });
    expect(r).toMatchObject({ ok: false, error: { code: "NoPermission" } });
    expect(await received(emu, "ListAICPublicKeyDeliveries")).toBe(0);
    expect((await events()).at(-1)).toMatchObject({ phase: "completed", outcome: "failure", error_code: "NoPermission" });
  });

  it("a change whose answer was lost is unknown in the log, not failed: ENS may well have made it", async () => {
    await setFaults(emu, { errorRate: 1, errors: ["ApplyThenReset"], actions: ["ManageAICLogin"] });
    const r = await setLogin()({ instanceId, action: "close" });
    expect(r).toMatchObject({ ok: false, error: { code: "Network.ConnectionReset" } });
    expect((await events()).at(-1)).toMatchObject({ phase: "completed", outcome: "unknown", error_code: "Network.ConnectionReset" });
    await setFaults(emu, {});
    // It did: "failure" would have been a false statement in an append-only log.
    expect(await clientFor(emu).listAllPublicKeyDeliveries({ InstanceId: instanceId })).toEqual([]);
  });

  it("a refused toggle is audited under its own action and instance, never reaching ENS", async () => {
    const asViewer = createActionFactory({
      resolveUser: async () => ({ ...user, role: "viewer" }),
      requestInfo: async () => ({ ip: null, userAgent: null }),
      db: async () => handle.db,
      ens: () => clientFor(emu, { maxAttempts: 1 }),
    })(setLoginSpec);
    expect(
      await asViewer({ instanceId, action: "open", keyName: "support-adb-key", durationMinutes: 60, reason: "TICKET-1" }),
    ).toMatchObject({
      ok: false,
      error: { code: "Console.Forbidden" },
    });
    expect(await setLogin()({ instanceId, action: "reboot" })).toMatchObject({ ok: false, error: { code: "Console.InvalidInput" } });
    expect(await setLogin()({ instanceId: "<script>", action: "close" })).toMatchObject({
      ok: false,
      error: { code: "Console.InvalidInput" },
    });
    const anonymous = createActionFactory({
      resolveUser: async () => null,
      requestInfo: async () => ({ ip: null, userAgent: null }),
      db: async () => handle.db,
      ens: () => clientFor(emu, { maxAttempts: 1 }),
    })(setLoginSpec);
    expect(await anonymous({ instanceId, action: "open" })).toMatchObject({ ok: false, error: { code: "Console.Unauthenticated" } });
    expect(await received(emu, "ManageAICLogin")).toBe(0);
    const rows = await queryRows<{ action: string; outcome: string; target_id: string | null }>(
      handle.db,
      sql`SELECT action, outcome, target_id FROM audit_events ORDER BY id`,
    );
    expect(rows).toEqual([
      { action: "login.open", outcome: "denied", target_id: instanceId },
      // An action that is none of ours gets the fixed name; an id that is not a plain id, no target.
      { action: "login.set", outcome: "rejected", target_id: instanceId },
      { action: "login.close", outcome: "rejected", target_id: null },
      // Anonymous callers cannot write into an instance's history.
      { action: "login.set", outcome: "denied", target_id: null },
    ]);
  });
});

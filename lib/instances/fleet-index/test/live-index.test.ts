import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { clientFor, countCalls, resetEmulator, startEmulator, type Emulator } from "@/lib/ens/test/emulator-helpers";
import { clearProcessSingleton, peekProcessSingleton, processSingleton } from "@/lib/singleton";
import { BACKENDS, freshDb } from "@/test/support/db";

vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "fleet-index-test";
  process.env.CONSOLE_DATA_DIR ??= "memory://";
});

const { fleetIndex, followFleet, refreshFleet, syncFleet, loginReadBack, peekFleetIndex } = await import("../live-index");
const { subscribe } = await import("@/lib/live/bus");
const { getFleetPage } = await import("@/lib/instances/read");
const { parseView } = await import("@/lib/instances/list-params");

const LIST = "DescribeARMServerInstances";
const view = (s = "") => parseView(new URLSearchParams(s));

describe.each(BACKENDS)("the fleet index on %s", (backend) => {
  let emu: Emulator;
  let handle: Awaited<ReturnType<typeof freshDb>>;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
  });
  afterAll(async () => emu.close());
  beforeEach(async () => {
    await resetEmulator(emu);
    handle = await freshDb(backend);
    for (const k of ["db", "ens-client", "fleet-index"]) clearProcessSingleton(k);
    processSingleton("db", () => Promise.resolve(handle));
    processSingleton("ens-client", () => clientFor(emu, { maxAttempts: 1 }));
  });
  afterEach(async () => {
    for (const k of ["db", "ens-client", "fleet-index"]) clearProcessSingleton(k);
    await handle.drop();
  });

  /** Another console process on the same database: its own index, empty until it loads one. */
  const anotherProcess = () => clearProcessSingleton("fleet-index");

  it("one listing serves every process: the second loads it from the database with no ENS call", async () => {
    const first = await countCalls(emu, LIST, () => fleetIndex());
    expect(first.calls).toBeGreaterThan(0);
    const total = (await getFleetPage(view(), { offset: 0, limit: 1 })).total;
    expect(total).toBeGreaterThan(0);
    anotherProcess();
    const second = await countCalls(emu, LIST, async () => {
      await fleetIndex();
      for (let i = 0; i < 20; i++) await getFleetPage(view(`q=aic&offset=${i}`), { offset: i * 5, limit: 5 });
    });
    expect(second.error).toBeUndefined();
    expect(second.calls).toBe(0);
    expect(peekFleetIndex().rows.length).toBe(total);
  });

  it("a login read back by one process shows in another at its next sync, and a listing begun earlier keeps it", async () => {
    await fleetIndex();
    const closed = (await getFleetPage(view("login=closed"), { offset: 0, limit: 1 })).rows[0].id;
    await clientFor(emu).manageAicLogin({ InstanceId: closed, ActionName: "open", KeyName: "ops-debug-key" });
    const deliveries = await clientFor(emu).listAllPublicKeyDeliveries({ InstanceId: closed });
    await loginReadBack(handle.db, closed, deliveries);
    expect(peekFleetIndex().get(closed)?.login.open).toBe(true);

    anotherProcess();
    await fleetIndex();
    expect(peekFleetIndex().get(closed)?.login.open).toBe(true);
    const open = await getFleetPage(view(`q=${closed}&login=open`), { offset: 0, limit: 5 });
    expect(open.rows.map((r) => r.id)).toEqual([closed]);

    // The emulator closes it behind the console's back: the next listing shows it closed everywhere.
    await clientFor(emu).manageAicLogin({ InstanceId: closed, ActionName: "close", KeyName: "ops-debug-key" });
    await refreshFleet();
    expect(peekFleetIndex().get(closed)?.login.open).toBe(false);
    anotherProcess();
    await syncFleet();
    expect(peekFleetIndex().get(closed)?.login.open).toBe(false);
  });

  /** Runs `fn` as the process holding `state` (its own index), then puts the current one back. */
  const asProcess = async <T>(state: unknown, fn: () => Promise<T>): Promise<T> => {
    const mine = peekProcessSingleton("fleet-index");
    clearProcessSingleton("fleet-index");
    if (state) processSingleton("fleet-index", () => state);
    try {
      return await fn();
    } finally {
      const theirs = peekProcessSingleton("fleet-index");
      clearProcessSingleton("fleet-index");
      processSingleton("fleet-index", () => mine);
      if (state === null) Object.assign(holder, { state: theirs });
    }
  };
  const holder: { state?: unknown } = {};
  /** The kinds this process's streams are told while `fn` runs (the bus coalesces for 100 ms). */
  const toldWhile = async (fn: () => Promise<unknown>): Promise<string[]> => {
    const told: string[] = [];
    const stop = subscribe((c) => told.push(...c.kinds));
    try {
      await fn();
      await new Promise((r) => setTimeout(r, 250));
    } finally {
      stop();
    }
    return [...new Set(told)].sort();
  };

  it("a listing that differs from the deployment's last one is announced, whichever process made that one", async () => {
    // Process A lists (login closed); process B lists after an open made on ENS; A lists again after
    // a close made on ENS. A's new listing equals A's own previous one, but not the deployment's last.
    await fleetIndex();
    const id = (await getFleetPage(view("login=closed"), { offset: 0, limit: 1 })).rows[0].id;
    await clientFor(emu).manageAicLogin({ InstanceId: id, ActionName: "open", KeyName: "ops-debug-key" });
    await asProcess(null, async () => {
      await fleetIndex();
      expect(await toldWhile(() => refreshFleet())).toEqual(["instances", "logins"]);
      expect(peekFleetIndex().get(id)?.login.open).toBe(true);
    });
    await clientFor(emu).manageAicLogin({ InstanceId: id, ActionName: "close", KeyName: "ops-debug-key" });
    expect(await toldWhile(() => refreshFleet())).toEqual(["instances", "logins"]);
    expect(peekFleetIndex().get(id)?.login.open).toBe(false);
    // Listed again with nothing changed: nobody is told.
    expect(await toldWhile(() => refreshFleet())).toEqual([]);

    // B missed the notification: its period's sync loads A's listing and tells B's own streams.
    await asProcess(holder.state, async () => {
      expect(peekFleetIndex().get(id)?.login.open).toBe(true);
      expect(await toldWhile(() => followFleet(handle.db))).toEqual(["instances", "logins"]);
      expect(peekFleetIndex().get(id)?.login.open).toBe(false);
      expect(await toldWhile(() => followFleet(handle.db))).toEqual([]);
    });
  });

  it("a filter no instance matches lists nothing, and calls ENS not at all", async () => {
    await fleetIndex();
    const r = await countCalls(emu, LIST, () => getFleetPage(view("node=nowhere&q=%27%3B--"), { offset: 0, limit: 50 }));
    expect(r.calls).toBe(0);
  });
});

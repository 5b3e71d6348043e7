// lib/metrics reads other folders' process singletons by key (process-state.ts): each reader must
// see what its owner keeps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.CONSOLE_DATA_DIR = "memory://";

const { engineRunning, fleetIndexState, lastChainIntact, processEnsClient } = await import("../process-state");
const { peekFleetIndex, refreshFleet } = await import("@/lib/instances/fleet-index/live-index");
const { chainStatus } = await import("@/lib/audit/chain-status");
const { startEngine } = await import("@/lib/jobs/engine");
const { ens } = await import("@/lib/ens");
const { getDb, getDbHandle } = await import("@/lib/db/client");
const { clientFor, startEmulator } = await import("@/lib/ens/test/emulator-helpers");

let emu: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 2, aicsPerServer: 3, qps: 0 });
});
afterAll(async () => emu?.close());

describe("the process state lib/metrics reads", () => {
  it("the fleet index", async () => {
    expect(fleetIndexState()).toBeNull();
    peekFleetIndex();
    expect(fleetIndexState()).toEqual({ ready: false, listedAt: 0, instances: 0 });
    await refreshFleet({ db: await getDb(), client: clientFor(emu) });
    const index = peekFleetIndex();
    expect(index.ready).toBe(true);
    expect(fleetIndexState()).toEqual({ ready: true, listedAt: index.listedAt, instances: index.rows.length });
    expect(index.rows.length).toBe(6);
  });

  it("the last chain verification", async () => {
    expect(lastChainIntact()).toBeNull();
    expect((await chainStatus(true)).intact).toBe(true);
    expect(lastChainIntact()).toBe(true);
  });

  it("the ENS client and the operations engine", async () => {
    expect(processEnsClient()).toBeUndefined();
    const client = ens();
    expect(processEnsClient()).toBe(client);
    expect(engineRunning()).toBe(false);
    const engine = await startEngine(await getDbHandle(), { CONSOLE_JOB_WORKERS: "0", AUTH_SECRET: "x" }, clientFor(emu));
    expect(engineRunning()).toBe(true);
    await engine.stop(2000);
    expect(engineRunning()).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearProcessSingleton } from "@/lib/singleton";

process.env.CONSOLE_DATA_DIR = "memory://";

const { GET } = await import("@/app/api/ready/route");
const { startEngine } = await import("@/lib/jobs/engine");
const { ens } = await import("@/lib/ens");
const { closeDb, getDbHandle } = await import("@/lib/db/client");
const { DEMO_ACCESS_KEY, startEmulator } = await import("@/emulator/server");

type Engine = Awaited<ReturnType<typeof startEngine>>;

let emu: Awaited<ReturnType<typeof startEmulator>>;
let engine: Engine | undefined;

const ready = async () => {
  const res = await GET();
  return { status: res.status, body: await res.text() };
};
// The ENS answer is reused for a few seconds (readiness.ts); a test that changes ENS asks afresh.
const forgetEnsAnswer = () => clearProcessSingleton("metrics.ens-probe");

beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 1, aicsPerServer: 1, qps: 0 });
  // Opening and migrating PGlite takes longer than a readiness check waits.
  await getDbHandle();
  Object.assign(process.env, {
    ENS_ENDPOINT: emu.endpoint,
    ENS_PROTOCOL: "HTTP",
    ENS_MAX_ATTEMPTS: "1",
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_ACCESS_KEY.id,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_ACCESS_KEY.secret,
  });
});
afterAll(async () => {
  await engine?.stop(2000);
  await closeDb();
  await emu?.close();
});

describe("/api/ready", () => {
  it("503 naming only what fails: the engine before it starts (and ENS before the process has a client)", async () => {
    expect(await ready()).toEqual({ status: 503, body: JSON.stringify({ ok: false, failing: ["engine", "ens"] }) });
  });

  it("200 once the database is migrated, the engine runs and ENS answers", async () => {
    engine = await startEngine(await getDbHandle(), { CONSOLE_JOB_WORKERS: "0", AUTH_SECRET: "x" }, ens());
    forgetEnsAnswer();
    expect(await ready()).toEqual({ status: 200, body: JSON.stringify({ ok: true }) });
  });

  it("503 naming ens, and nothing else, once ENS stops answering", async () => {
    await emu.close();
    forgetEnsAnswer();
    expect(await ready()).toEqual({ status: 503, body: JSON.stringify({ ok: false, failing: ["ens"] }) });
  });
});

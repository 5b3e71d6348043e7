// Live updates across replicas: two consoles on one PostgreSQL. A login toggled through replica
// A reaches a live-updates stream (server-sent events) held open on replica B within 2 s, and B's
// own fleet read then shows the new state (its cache dropped what A changed, through NOTIFY).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "@/emulator/server";
import type { FleetSnapshot } from "@/lib/instances/view";
import { postgresReachable } from "../support/db";
import {
  actionId,
  built,
  callAction,
  DIST_DIR,
  login,
  startConsoleProcess,
  throwawayDb,
  type ConsoleProcess,
  type ThrowawayDb,
} from "./console-process";

const PORTS = [Number(process.env.RELIABILITY_LIVE_PORT_A ?? 3350), Number(process.env.RELIABILITY_LIVE_PORT_B ?? 3351)];
const EMU_PORT = Number(process.env.RELIABILITY_LIVE_EMULATOR_PORT ?? 18850);
const canRun = built() && (await postgresReachable());
const EMAIL = "live-op@rel.test";

/** Reads `data:` events from an SSE response as they arrive. */
function events(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  const seen: { at: number; data: string }[] = [];
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buf += decoder.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        for (const line of block.split("\n")) if (line.startsWith("data: ")) seen.push({ at: Date.now(), data: line.slice(6) });
      }
    }
  })();
  return { seen, close: () => reader.cancel().catch(() => {}) };
}

describe.skipIf(!canRun)(`live updates across two replicas (${DIST_DIR}, PostgreSQL)`, () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let db: ThrowawayDb;
  const procs: ConsoleProcess[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ port: EMU_PORT, servers: 4, aicsPerServer: 8 });
    db = await throwawayDb("live", [{ email: EMAIL, role: "operator" }]);
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill9()));
    await db?.drop();
    await emu?.close();
  });

  it("a toggle through replica A is announced on replica B's stream within 2 s, and B's fleet shows it", async () => {
    const env = { DATABASE_MIGRATION_URL: db.url };
    const [a, b] = await Promise.all(PORTS.map((p) => startConsoleProcess(p, db.consoleUrl, emu.endpoint, env)));
    procs.push(a, b);
    const [cookieA, cookieB] = await Promise.all([login(a.url, EMAIL), login(b.url, EMAIL)]);
    const fleetOn = async (url: string, cookie: string) =>
      (await (await fetch(`${url}/api/fleet`, { headers: { cookie } })).json()) as FleetSnapshot;
    const before = await fleetOn(b.url, cookieB); // B's cache now holds the fleet
    const target = before.rows.find((r) => !r.login.open)!;

    const stream = await fetch(`${b.url}/api/events`, { headers: { cookie: cookieB } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const live = events(stream);
    await new Promise((r) => setTimeout(r, 300));

    const sentAt = Date.now();
    const r = await callAction(a.url, cookieA, actionId("setLogin", "lib/actions/logins.ts"), [
      { instanceId: target.id, action: "open", keyName: "ops-debug-key", durationMinutes: 30, reason: "REL-2 live update" },
    ]);
    expect(r.ok, r.body).toBe(true);
    // B's browser reads its fleet again on each "logins" event; within 2 s one of those reads shows
    // the toggle. (A fleet listing elsewhere also announces "logins": an event may come first that
    // is not the toggle's.)
    const isLogins = (e: { data: string }) => JSON.parse(e.data).kinds?.includes("logins");
    let handled = 0;
    let shown: FleetSnapshot["rows"][number]["login"] | undefined;
    for (;;) {
      const fresh = live.seen.filter(isLogins).slice(handled);
      if (fresh.length) {
        handled += fresh.length;
        shown = (await fleetOn(b.url, cookieB)).rows.find((x) => x.id === target.id)?.login;
        if (shown?.open) break;
      }
      if (Date.now() - sentAt > 2000)
        throw new Error(`B's fleet did not show the toggle within 2 s (last: ${JSON.stringify(shown)})\n${b.log().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const latency = live.seen.filter(isLogins).at(-1)!.at - sentAt;
    console.log(`[live] toggle on A (action round trip included) to B's event: ${latency} ms`);
    expect(shown).toMatchObject({ open: true, lease: { reason: "REL-2 live update" } });
    live.close();

    // Without a session the stream is refused, like every read route.
    expect((await fetch(`${b.url}/api/events`)).status).toBe(401);
  });
});

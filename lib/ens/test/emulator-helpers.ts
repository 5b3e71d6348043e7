// Test-side helpers for driving the emulator's control endpoints.
import { DEMO_ACCESS_KEY, startEmulator } from "@/emulator/server";
import { createEnsClient, type EnsClientHooks } from "../client";
import { ensConfigFromEnv, type EnsConfig } from "../config";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export function clientFor(emu: Emulator, overrides: Partial<EnsConfig> = {}, hooks?: EnsClientHooks) {
  const key = DEMO_ACCESS_KEY;
  return createEnsClient(
    {
      ...ensConfigFromEnv({}),
      endpoint: emu.endpoint,
      protocol: "HTTP",
      accessKeyId: key.id,
      accessKeySecret: key.secret,
      baseBackoffMs: 1,
      maxBackoffMs: 5,
      maxAttempts: 3,
      ...overrides,
    },
    hooks,
  );
}

export async function received(emu: Emulator, action: string): Promise<number> {
  const res = await fetch(`${emu.url}/__emulator/calls`);
  const body = (await res.json()) as { byAction: Record<string, { received: number }> };
  return body.byAction[action]?.received ?? 0;
}

export async function setFaults(emu: Emulator, faults: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${emu.url}/__emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`faults: HTTP ${res.status} ${await res.text()}`);
}

export async function resetEmulator(emu: Emulator): Promise<void> {
  await setFaults(emu, {});
  const res = await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
  if (!res.ok) throw new Error(`reset: HTTP ${res.status}`);
}

export { startEmulator };

/** How many calls of `action` the emulator received while `fn` ran, and what `fn` threw. */
export async function countCalls(emu: Emulator, action: string, fn: () => Promise<unknown>): Promise<{ calls: number; error: any }> {
  const before = await received(emu, action);
  const error = await fn().then(
    () => undefined,
    (e) => e,
  );
  return { calls: (await received(emu, action)) - before, error };
}

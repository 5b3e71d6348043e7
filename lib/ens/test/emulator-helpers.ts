// Test-side helpers for driving the emulator's control endpoints.
import { DEMO_ACCESS_KEY, startEmulator } from "@/emulator/server";
import { createEnsClient, type EnsClientHooks } from "../client";
import { ensConfigFromEnv, type EnsConfig } from "../config";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export function demoKey(): { id: string; secret: string } {
  const k = DEMO_ACCESS_KEY as unknown;
  if (typeof k === "string") {
    const [id, secret] = k.split(":");
    return { id, secret };
  }
  const o = k as Record<string, string>;
  return { id: o.id ?? o.accessKeyId, secret: o.secret ?? o.accessKeySecret };
}

export function clientFor(emu: Emulator, overrides: Partial<EnsConfig> = {}, hooks?: EnsClientHooks) {
  const key = demoKey();
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

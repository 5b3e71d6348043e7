// Environment → EmulatorOptions (used by `npm run emulator`).
import type { EmulatorOptions } from "./server";
import { DEMO_ACCESS_KEY } from "./demo-key";

function int(env: Record<string, string | undefined>, name: string, def: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return def;
  if (!/^\d+$/.test(raw.trim())) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  const n = Number(raw.trim());
  if (n < min) throw new Error(`${name} must be >= ${min}`);
  return n;
}

/** `id:secret` or `id:secret:Action1|Action2`, comma-separated. */
export function parseAccessKeys(text: string): Array<{ id: string; secret: string; allowedActions?: string[] }> {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((entry) => {
      const [id, secret, actions] = entry.split(":");
      if (!id || !secret) throw new Error(`ENS_EMULATOR_ACCESS_KEYS: expected id:secret[:Action1|Action2], got "${entry}"`);
      const allowedActions = actions
        ?.split("|")
        .map((a) => a.trim())
        .filter((a) => a !== "");
      return allowedActions && allowedActions.length > 0 ? { id, secret, allowedActions } : { id, secret };
    });
}

export function optionsFromEnv(env: Record<string, string | undefined> = process.env): EmulatorOptions {
  const keysText = env.ENS_EMULATOR_ACCESS_KEYS?.trim();
  const accessKeys = keysText ? parseAccessKeys(keysText) : [{ ...DEMO_ACCESS_KEY }];
  if (accessKeys.length === 0) accessKeys.push({ ...DEMO_ACCESS_KEY });
  return {
    port: int(env, "ENS_EMULATOR_PORT", 18787),
    host: "127.0.0.1",
    accessKeys,
    seed: int(env, "ENS_EMULATOR_SEED", 42),
    servers: int(env, "ENS_EMULATOR_SERVERS", 25),
    aicsPerServer: int(env, "ENS_EMULATOR_AICS_PER_SERVER", 8),
    latencyMs: int(env, "ENS_EMULATOR_LATENCY_MS", 0),
    qps: int(env, "ENS_EMULATOR_QPS", 50),
  };
}

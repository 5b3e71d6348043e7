import { config, type Env } from "../config";

/** Session timing, from the validated configuration (no secrets). Server code only: it reads the environment. */
export function sessionSettings(env?: Env) {
  const c = config(env);
  return {
    idleMs: c.AUTH_IDLE_TIMEOUT_MINUTES * 60_000,
    maxAgeMs: c.AUTH_MAX_AGE_HOURS * 3_600_000,
    warnBeforeMs: 60_000,
  };
}

/** Only same-origin relative paths survive; anything else returns to the instances list. */
export function safeCallbackPath(raw: string | null | undefined, fallback = "/instances"): string {
  if (!raw || typeof raw !== "string") return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(raw) || raw.startsWith("/api/") || raw.startsWith("/login")) return fallback;
  return raw;
}

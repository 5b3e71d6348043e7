/** Session timing, from the environment. Safe to import anywhere (no secrets). */
export function sessionSettings(env = process.env) {
  const idleMinutes = Number(env.AUTH_IDLE_TIMEOUT_MINUTES ?? 30);
  const maxAgeHours = Number(env.AUTH_MAX_AGE_HOURS ?? 12);
  return {
    idleMs: Math.max(1, idleMinutes) * 60_000,
    maxAgeMs: Math.max(0.01, maxAgeHours) * 3_600_000,
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

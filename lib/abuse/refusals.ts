import { RefusalLimiter } from "./refusal-limiter";

/**
 * Refusals per minute and client (address, or user at an address) still audited one by one:
 * CONSOLE_REFUSALS_LOGGED_PER_MINUTE, default 20. A bad value falls back to the default with a
 * warning: this runs on a refusal, which must be answered and recorded whatever the setting.
 */
export function refusalsLoggedPerMinute(env: Record<string, string | undefined> = process.env): number {
  const raw = env.CONSOLE_REFUSALS_LOGGED_PER_MINUTE?.trim() || "20";
  const n = Number(raw);
  if (/^\d+$/.test(raw) && n >= 1 && n <= 100_000) return n;
  console.warn(`[console] CONSOLE_REFUSALS_LOGGED_PER_MINUTE must be a whole number from 1 to 100000, not "${raw}"; using 20`);
  return 20;
}

// On globalThis: Next may load this module once per bundle (actions, route handlers), and the
// count must be one per process. It is per process only; see RefusalLimiter.
const g = globalThis as unknown as { __aicRefusals?: RefusalLimiter };

/** The process's refusal limiter, shared by the action wrapper and the read routes. */
export function sharedRefusalLimiter(): RefusalLimiter {
  return (g.__aicRefusals ??= new RefusalLimiter({ limit: refusalsLoggedPerMinute(), windowMs: 60_000 }));
}

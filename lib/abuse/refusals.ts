import { config, ConfigError, type Env } from "../config";
import { processSingleton } from "../singleton";
import { RefusalLimiter } from "./refusal-limiter";
import { logger } from "../log/logger";

const log = logger("abuse");

/**
 * Refusals per minute and client (address, or user at an address) still audited one by one:
 * CONSOLE_REFUSALS_LOGGED_PER_MINUTE, default 20. Start-up refuses a bad value; should one reach
 * this anyway (a process that skipped start-up), it falls back to 20 with a warning: this runs on a
 * refusal, which must be answered and recorded whatever the setting.
 */
export function refusalsLoggedPerMinute(env?: Env): number {
  try {
    return config(env).CONSOLE_REFUSALS_LOGGED_PER_MINUTE;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    log.warn({ problems: e.problems }, "invalid configuration: using 20 refusals logged per minute");
    return 20;
  }
}

/**
 * The process's refusal limiter, shared by the action wrapper and the read routes. Per process
 * (not per bundle), and per process only; see RefusalLimiter.
 */
export function sharedRefusalLimiter(): RefusalLimiter {
  return processSingleton("refusal-limiter", () => new RefusalLimiter({ limit: refusalsLoggedPerMinute(), windowMs: 60_000 }));
}

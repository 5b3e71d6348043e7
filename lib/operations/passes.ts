import "server-only";
import type { Env } from "../config";
import { config } from "../config";
import type { Db } from "../db/client";
import { claimPeriod } from "../db/schedule";
import type { CallOptions, EnsClient } from "../ens";
import { detectDrift } from "../logins/detect-drift";
import { expireDueLogins } from "./expire-logins";
import { resolveUnknown } from "./resolve-unknown";

export interface Passes {
  /** Runs the expiry pass now (tests; the timer runs it every CONSOLE_EXPIRY_CHECK_MS). */
  expireNow(): Promise<void>;
  resolveNow(): Promise<void>;
  driftNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The engine's periodic passes. Expiry runs in every process (claims are conditional, so each
 * expiry is closed once); resolution and drift read ENS, so one process per deployment runs each
 * per period (claimPeriod). Each starts once at start-up: what fell due while no console ran is
 * handled in the first seconds.
 */
export function startPasses(db: Db, client: EnsClient, env: Env, pace: NonNullable<CallOptions["beforeAttempt"]>): Passes {
  const c = config(env);
  const running = new Set<Promise<void>>();
  const guarded = (name: string, fn: () => Promise<void>) => {
    let current: Promise<void> | null = null;
    return () => {
      current ??= fn()
        .catch((e) => console.error(`[${name}] ${(e as Error).message}`))
        .finally(() => {
          if (current) running.delete(current);
          current = null;
        });
      running.add(current);
      return current;
    };
  };
  // A little under the period, so a replica whose timer fires just early still finds it due.
  const claim = (name: string, periodMs: number) => claimPeriod(db, name, periodMs * 0.9);

  const expireNow = guarded("expiry", async () => {
    const r = await expireDueLogins(db, { maxAttempts: c.CONSOLE_EXPIRY_MAX_ATTEMPTS, retryBaseMs: c.CONSOLE_EXPIRY_RETRY_BASE_MS });
    if (r.claimed) console.log(`[expiry] closing ${r.claimed} login(s) past their expiry (operation ${r.operationId})`);
  });
  const resolveNow = guarded("resolve", async () => {
    if (!(await claim("resolve-unknown", c.CONSOLE_RESOLVE_CHECK_MS))) return;
    const r = await resolveUnknown(db, client, { beforeAttempt: pace });
    if (r.resolved) console.log(`[resolve] checked ${r.resolved} unknown outcome(s) against ENS`);
  });
  const driftNow = guarded("drift", async () => {
    if (!(await claim("login-drift", c.CONSOLE_DRIFT_CHECK_MS))) return;
    const r = await detectDrift(db, client, { beforeAttempt: pace });
    if (r.found) console.log(`[drift] ${r.found} login(s) found opened outside the console`);
  });

  const timers = [
    setInterval(() => void expireNow(), c.CONSOLE_EXPIRY_CHECK_MS),
    setInterval(() => void resolveNow(), c.CONSOLE_RESOLVE_CHECK_MS),
    setInterval(() => void driftNow(), c.CONSOLE_DRIFT_CHECK_MS),
  ];
  for (const t of timers) t.unref();
  void expireNow();
  void resolveNow();
  void driftNow();

  return {
    expireNow,
    resolveNow,
    driftNow,
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.all([...running]);
    },
  };
}

import "server-only";
import type { Env } from "../config";
import { config } from "../config";
import type { Db } from "../db/client";
import { claimPeriod } from "../db/schedule";
import type { CallOptions, EnsClient } from "../ens";
import { followFleet, refreshFleet, REFRESH_SCHEDULE } from "../instances/fleet-index/live-index";
import { detectDrift } from "../logins/detect-drift";
import { expireDueLogins } from "./expire-logins";
import { resolveUnknown } from "./resolve-unknown";
import { logger } from "../log/logger";

const log = logger("engine");

export interface Passes {
  /**
   * Run a pass now, after any run in progress, whoever else ran it this period (tests and
   * operators' tools; the timers run them every CONSOLE_*_CHECK_MS).
   */
  expireNow(): Promise<void>;
  resolveNow(): Promise<void>;
  driftNow(): Promise<void>;
  /** Runs one of the passes other features gave the engine (`ExtraPass.name`) now. */
  extraNow(name: string): Promise<void>;
  /** Lists ENS into the fleet index now, for every process (the fleet refresh). */
  fleetNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The engine's periodic passes. Expiry runs in every process (claims are conditional, so each
 * expiry is closed once); resolution and drift read ENS, so one process per deployment runs each
 * per period (claimPeriod). Each starts once at start-up: what fell due while no console ran is
 * handled in the first seconds.
 */
/**
 * A periodic pass another feature gives the engine (lib/startup.ts): run by every process every
 * `periodMs`, so each of its steps must be a conditional write that does its work once.
 */
export interface ExtraPass {
  name: string;
  periodMs: number;
  run(db: Db, client: EnsClient): Promise<void>;
}

export function startPasses(
  db: Db,
  client: EnsClient,
  env: Env,
  pace: NonNullable<CallOptions["beforeAttempt"]>,
  extraPasses: readonly ExtraPass[] = [],
): Passes {
  const c = config(env);
  const running = new Set<Promise<void>>();
  /** `tick` (the timer) skips while the pass runs; `now` waits for it, then runs a fresh one. */
  const guarded = (name: string, fn: (force: boolean) => Promise<void>) => {
    let current: Promise<void> | null = null;
    const run = (force: boolean) => {
      const p = fn(force).catch((e) => log.error({ pass: name, err: e }, `${name} pass failed`));
      current = p;
      running.add(p);
      void p.finally(() => {
        running.delete(p);
        if (current === p) current = null;
      });
      return p;
    };
    return {
      tick: () => void (current ?? run(false)),
      now: async () => {
        while (current) await current;
        await run(true);
      },
    };
  };
  // A little under the period, so a replica whose timer fires just early still finds it due.
  const claim = (name: string, periodMs: number) => claimPeriod(db, name, periodMs * 0.9);

  const expiry = guarded("expiry", async () => {
    const r = await expireDueLogins(db, { maxAttempts: c.CONSOLE_EXPIRY_MAX_ATTEMPTS, retryBaseMs: c.CONSOLE_EXPIRY_RETRY_BASE_MS });
    if (r.claimed) log.info({ pass: "expiry", claimed: r.claimed, operationId: r.jobId }, "closing logins past their expiry");
  });
  const resolve = guarded("resolve", async (force) => {
    if (!(await claim("resolve-unknown", c.CONSOLE_RESOLVE_CHECK_MS)) && !force) return;
    const r = await resolveUnknown(db, client, { beforeAttempt: pace });
    if (r.resolved) log.info({ pass: "resolve", resolved: r.resolved }, "checked unknown outcomes against ENS");
  });
  const drift = guarded("drift", async (force) => {
    if (!(await claim("login-drift", c.CONSOLE_DRIFT_CHECK_MS)) && !force) return;
    const r = await detectDrift(db, client, { beforeAttempt: pace });
    if (r.found) log.info({ pass: "drift", found: r.found }, "logins found opened outside the console");
  });
  const extras = new Map(extraPasses.map((p) => [p.name, { pass: p, run: guarded(p.name, () => p.run(db, client)) }]));
  // One listing per period for the deployment; the others load it (told by the live bus, or here
  // should a notification have been missed).
  const fleet = guarded("fleet", async (force) => {
    if (!(await claim(REFRESH_SCHEDULE, c.CONSOLE_FLEET_REFRESH_MS)) && !force) return followFleet(db);
    await refreshFleet({ db, client });
  });

  const timers = [
    setInterval(fleet.tick, c.CONSOLE_FLEET_REFRESH_MS),
    setInterval(expiry.tick, c.CONSOLE_EXPIRY_CHECK_MS),
    setInterval(resolve.tick, c.CONSOLE_RESOLVE_CHECK_MS),
    setInterval(drift.tick, c.CONSOLE_DRIFT_CHECK_MS),
    ...[...extras.values()].map((e) => setInterval(e.run.tick, e.pass.periodMs)),
  ];
  for (const t of timers) t.unref();
  fleet.tick();
  expiry.tick();
  resolve.tick();
  drift.tick();
  for (const e of extras.values()) e.run.tick();

  return {
    expireNow: expiry.now,
    resolveNow: resolve.now,
    driftNow: drift.now,
    extraNow: async (name) => {
      const e = extras.get(name);
      if (!e) throw new Error(`no pass named ${name}`);
      await e.run.now();
    },
    fleetNow: fleet.now,
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.all([...running]);
    },
  };
}

import { ROLES, type Role } from "./roles";
import { peekProcessSingleton, processSingleton } from "./singleton";
import { z } from "./validation/zod";

/**
 * Every environment variable the console reads, with its type, range and default: the one place
 * that reads them (model: create-t3-app's src/env.js). Start-up validates the whole environment
 * (lib/startup.ts, `npm run check-config`), so a bad value stops the start naming the variable,
 * instead of surfacing later as NaN or as an error on the first request that reads it.
 * The emulator (emulator/) is its own program and reads its own ENS_EMULATOR_* variables.
 */

export type Env = Record<string, string | undefined>;

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A variable: blank (unset, empty or spaces) takes the default; otherwise `parse` decides. */
function variable<T>(fallback: T, parse: (raw: string) => Parsed<T>, trim = true) {
  return z
    .string()
    .optional()
    .transform((value, ctx): T => {
      const raw = trim ? value?.trim() : value;
      if (raw === undefined || raw.trim() === "") return fallback;
      const r = parse(raw);
      if (r.ok) return r.value;
      ctx.addIssue({ code: "custom", message: r.message });
      return z.NEVER;
    });
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

function int<D extends number | undefined>(min: number, max: number, fallback: D) {
  return variable<number | D>(fallback, (raw) =>
    /^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max
      ? ok(Number(raw))
      : bad(`expected an integer from ${min} to ${max}, got '${raw}'`),
  );
}

function decimal(min: number, max: number, fallback: number) {
  return variable(fallback, (raw) =>
    /^\d+(\.\d+)?$/.test(raw) && Number(raw) >= min && Number(raw) <= max
      ? ok(Number(raw))
      : bad(`expected a number from ${min} to ${max}, got '${raw}'`),
  );
}

function oneOf<const T extends string>(values: readonly T[], fallback: T, normalise: (raw: string) => string = (s) => s) {
  return variable<T>(fallback, (raw) => {
    const v = normalise(raw);
    return (values as readonly string[]).includes(v) ? ok(v as T) : bad(`expected one of ${values.join(", ")}, got '${raw}'`);
  });
}

const text = <D extends string | undefined>(fallback: D) => variable<string | D>(fallback, ok);

/** Secrets are never echoed and never trimmed (a password may end in a space). */
const secret = () => variable<string | undefined>(undefined, ok, false);

/**
 * A bearer token a client presents: long enough not to be guessed, and without spaces (an HTTP
 * header's value is trimmed, so such a token could never match). Messages never repeat the value.
 */
const bearerToken = (minLength: number) =>
  variable<string | undefined>(
    undefined,
    (raw) =>
      /\s/.test(raw)
        ? bad("expected a token without spaces")
        : raw.length >= minLength
          ? ok(raw)
          : bad(`expected at least ${minLength} characters, got ${raw.length}`),
    false,
  );

/** A URL that may carry a password: the message names the problem, never the value. */
function url(protocols: readonly string[]) {
  return variable<string | undefined>(undefined, (raw) => {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return bad(`expected a URL (${protocols.map((p) => `${p}//`).join(" or ")}…), got a value that is not a URL`);
    }
    return protocols.includes(u.protocol)
      ? ok(raw)
      : bad(`expected a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}, got one starting with ${u.protocol}//`);
  });
}

const postgresUrl = () => url(["postgres:", "postgresql:", "socket:"]);

/** `group=role,…`: every pair must name a role, or SSO users of that group would be refused without a word. */
const roleMap = variable<Map<string, Role>>(new Map(), (raw) => {
  const map = new Map<string, Role>();
  for (const pair of raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [group, role, extra] = pair.split("=").map((s) => s.trim());
    if (!group || !role || extra !== undefined) return bad(`expected group=role pairs separated by commas, got '${pair}'`);
    if (!(ROLES as readonly string[]).includes(role)) return bad(`'${pair}' names no role (${ROLES.join(", ")})`);
    map.set(group, role as Role);
  }
  return ok(map);
});

const hostPort = variable("ens.aliyuncs.com", (raw) =>
  /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(raw)
    ? ok(raw)
    : bad(`expected host[:port] without a scheme or path, got '${raw}'`),
);

/** `host[:port],…`: hosts a setting exempts, each without a scheme or path. */
const hostList = variable<string[]>([], (raw) => {
  const hosts = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const wrong = hosts.find((h) => !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(h));
  return wrong === undefined
    ? ok(hosts.map((h) => h.toLowerCase()))
    : bad(`expected host[:port] entries separated by commas, without a scheme or path, got '${wrong}'`);
});

const yesNo = variable<boolean | undefined>(undefined, (raw) =>
  /^(true|1)$/i.test(raw) ? ok(true) : /^(false|0)$/i.test(raw) ? ok(false) : bad(`expected true or false, got '${raw}'`),
);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const schema = z.object({
  // Database
  DATABASE_URL: postgresUrl(),
  DATABASE_MIGRATION_URL: postgresUrl(),
  DATABASE_POOL_MAX: int(1, 1000, 10),
  CONSOLE_DATA_DIR: text(".data"),

  // HTTP and sessions (AUTH_SECRET, AUTH_URL and AUTH_TRUST_HOST are read by next-auth itself too)
  PORT: int(1, 65_535, undefined),
  CONSOLE_TRUSTED_PROXIES: int(0, 10, 0),
  AUTH_SECRET: secret(),
  NEXTAUTH_SECRET: secret(),
  AUTH_URL: url(["http:", "https:"]),
  AUTH_TRUST_HOST: yesNo,
  AUTH_IDLE_TIMEOUT_MINUTES: int(1, 24 * 60, 30),
  AUTH_MAX_AGE_HOURS: decimal(0.01, 24 * 30, 12),

  // Single sign-on (all three of issuer, client id and secret, or none)
  AUTH_OIDC_ISSUER: url(["https:", "http:"]),
  AUTH_OIDC_CLIENT_ID: text(undefined),
  AUTH_OIDC_CLIENT_SECRET: secret(),
  AUTH_OIDC_NAME: text("Single sign-on"),
  AUTH_OIDC_ROLE_CLAIM: text("groups"),
  AUTH_OIDC_ROLE_MAP: roleMap,
  AUTH_OIDC_DEFAULT_ROLE: variable<Role | undefined>(undefined, (raw) =>
    (ROLES as readonly string[]).includes(raw) ? ok(raw as Role) : bad(`expected one of ${ROLES.join(", ")}, got '${raw}'`),
  ),

  // First admin on an empty database
  CONSOLE_BOOTSTRAP_ADMIN_EMAIL: text(undefined),
  CONSOLE_BOOTSTRAP_ADMIN_PASSWORD: secret(),

  // Monitoring (unset: /api/metrics answers 404)
  CONSOLE_METRICS_TOKEN: bearerToken(32),
  // The JSON log's level (lib/log/logger.ts; the list is LOG_LEVELS there)
  CONSOLE_LOG_LEVEL: oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"], "info", (s) => s.toLowerCase()),

  // Caches, limits and timeouts
  CONSOLE_FLEET_REFRESH_MS: int(1000, DAY, 30_000),
  CONSOLE_READ_CACHE_MS: int(0, DAY, 3000),
  CONSOLE_OPERATION_TIMEOUT_MS: int(1000, 7 * DAY, undefined),
  CONSOLE_REFUSALS_LOGGED_PER_MINUTE: int(1, 100_000, 20),
  CONSOLE_JOB_WORKERS: int(0, 64, 2),
  CONSOLE_JOB_ITEM_CONCURRENCY: int(1, 64, 8),
  CONSOLE_PROCESS_DEAD_AFTER_MS: int(3000, 10 * MINUTE, 15_000),
  // SIGTERM: how long actions in flight, then the engine's items in flight, may take to finish
  CONSOLE_SHUTDOWN_GRACE_MS: int(0, 10 * MINUTE, 10_000),
  ENS_JOB_RATE_PER_SECOND: decimal(0.1, 10_000, 50),

  // Where a request's time goes, answered in Server-Timing (read routes; off in production unless set: it tells timings to the caller)
  CONSOLE_SERVER_TIMING: yesNo,

  // Expiring logins, unknown outcomes, logins opened outside the console
  CONSOLE_LOGIN_ALLOW_NO_EXPIRY: yesNo,
  CONSOLE_EXPIRY_CHECK_MS: int(200, 10 * MINUTE, 5000),
  CONSOLE_EXPIRY_MAX_ATTEMPTS: int(1, 20, 5),
  CONSOLE_EXPIRY_RETRY_BASE_MS: int(100, 60 * MINUTE, 30_000),
  CONSOLE_RESOLVE_CHECK_MS: int(200, 60 * MINUTE, 10_000),
  CONSOLE_DRIFT_CHECK_MS: int(1000, DAY, 60_000),
  // Access requests: expiry of pending requests, carrying out approved ones, the inbox's notices
  CONSOLE_REQUESTS_CHECK_MS: int(200, 10 * MINUTE, 5000),
  // Schedules: how often every process looks for occurrences that fell due
  CONSOLE_SCHEDULES_CHECK_MS: int(200, 10 * MINUTE, 15_000),
  // Outbound destinations (lib/outbound) these hosts may be private, loopback or plain http.
  CONSOLE_OUTBOUND_ALLOW: hostList,
  // The outbox: how often every process looks for events to deliver, and the longest wait between two attempts
  CONSOLE_OUTBOUND_CHECK_MS: int(100, MINUTE, 500),
  CONSOLE_OUTBOUND_MAX_BACKOFF_MS: int(1000, DAY, 60_000),

  // ENS
  ENS_ENDPOINT: hostPort,
  ENS_PROTOCOL: oneOf(["HTTP", "HTTPS"], "HTTPS", (s) => s.toUpperCase()),
  ENS_REGION_ID: variable("cn-hangzhou", (raw) =>
    /^[a-z0-9-]+$/.test(raw) ? ok(raw) : bad(`expected a region id such as cn-hangzhou, got '${raw}'`),
  ),
  ALIBABA_CLOUD_ACCESS_KEY_ID: text(undefined),
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: variable<string | undefined>(undefined, ok),
  ENS_SIGNATURE: oneOf(["v3", "v1"], "v3", (s) => s.toLowerCase()),
  ENS_CONNECT_TIMEOUT_MS: int(1, 10 * MINUTE, 3000),
  ENS_READ_TIMEOUT_MS: int(1, 10 * MINUTE, 10_000),
  ENS_MAX_ATTEMPTS: int(1, 10, 4),
  ENS_BACKOFF_BASE_MS: int(0, MINUTE, 200),
  ENS_BACKOFF_MAX_MS: int(0, 10 * MINUTE, 5000),
  ENS_FLEET_CONCURRENCY: int(1, 100, 8),

  // Audit checkpoints
  AUDIT_SIGNING_KEY_FILE: text(undefined),
  AUDIT_CHECKPOINT_INTERVAL_MS: int(1000, 7 * DAY, 10 * MINUTE),
});

export type Config = z.output<typeof schema>;

/** The names of every variable in the schema. */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as (keyof Config)[];

/** One message per bad variable, each starting with the variable's name. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Variables that only make sense together; checked on the raw values, so they are reported alongside any other problem. */
function missingPartners(env: Env): string[] {
  const isSet = (k: string) => !!env[k]?.trim();
  const problems: string[] = [];
  const oidc = ["AUTH_OIDC_ISSUER", "AUTH_OIDC_CLIENT_ID", "AUTH_OIDC_CLIENT_SECRET"];
  const given = oidc.filter(isSet);
  if (given.length > 0 && given.length < oidc.length) {
    for (const k of oidc.filter((k) => !isSet(k)))
      problems.push(`${k}: required when ${given.join(" and ")} ${given.length > 1 ? "are" : "is"} set (single sign-on needs all three)`);
  }
  const [id, secret] = ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"];
  if (isSet(id) !== isSet(secret)) {
    const [missing, present] = isSet(id) ? [secret, id] : [id, secret];
    problems.push(`${missing}: required when ${present} is set (or unset both to use the credentials chain)`);
  }
  return problems;
}

function parse(env: Env): { config: Config; problems: [] } | { config: null; problems: string[] } {
  const input = Object.fromEntries(CONFIG_VARIABLES.map((k) => [k, env[k]]));
  const r = schema.safeParse(input);
  const problems = [...(r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)), ...missingPartners(env)];
  if (r.success && problems.length === 0) return { config: r.data, problems: [] };
  return { config: null, problems };
}

// Keyed by the variables' raw values: production parses process.env once; a test that changes a
// variable (or passes its own env) gets a parse of that environment, also cached.
const cache = new Map<string, Config>();
const fingerprint = (env: Env) => JSON.stringify(CONFIG_VARIABLES.map((k) => env[k] ?? null));

const STARTUP = "config.startup";

/**
 * The validated configuration of `env` (default: process.env). Throws a ConfigError naming every
 * bad variable. Functions that take an `env` parameter pass it on, so tests can give their own.
 */
export function config(env?: Env): Config {
  if (env === undefined) {
    const fixed = peekProcessSingleton<Config>(STARTUP);
    if (fixed) return fixed;
    env = process.env;
  }
  const key = fingerprint(env);
  const hit = cache.get(key);
  if (hit) return hit;
  const r = parse(env);
  if (!r.config) throw new ConfigError(r.problems);
  if (cache.size >= 32) cache.clear();
  cache.set(key, r.config);
  return r.config;
}

/**
 * Start-up validated process.env: from now on `config()` serves that parse without reading the
 * environment again (reading ~40 variables from process.env costs tens of microseconds, and the
 * proxy asks on every request). Per process, whichever bundle asks.
 */
export function fixConfigAtStartup(): Config {
  const c = config(process.env);
  return processSingleton(STARTUP, () => c);
}

/** What is wrong with `env`, one line per problem, each naming its variable; empty when valid. */
export function configProblems(env: Env = process.env): string[] {
  const problems: string[] = [...parse(env).problems];
  // Required to serve, not to parse: tests and scripts read the rest of the configuration without it.
  if (!env.AUTH_SECRET && !env.NEXTAUTH_SECRET)
    problems.push("AUTH_SECRET: required (next-auth signs and encrypts sessions with it); generate one with `openssl rand -base64 32`");
  return problems;
}

/**
 * How long an operation may stay `requested` before it is taken for dead. By default it covers the
 * worst case of a toggle (two ENS calls, each with every attempt timing out and the longest
 * backoff), with a floor of five minutes for multi-page read-backs.
 */
export function operationTimeoutMs(env?: Env): number {
  const c = config(env);
  if (c.CONSOLE_OPERATION_TIMEOUT_MS !== undefined) return c.CONSOLE_OPERATION_TIMEOUT_MS;
  const perAttempt = c.ENS_READ_TIMEOUT_MS + c.ENS_BACKOFF_MAX_MS;
  return Math.max(300_000, 2 * c.ENS_MAX_ATTEMPTS * perAttempt + 30_000);
}

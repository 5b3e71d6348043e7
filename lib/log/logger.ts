import { hostname } from "node:os";
import pino, { type DestinationStream, type Logger } from "pino";
import { config } from "../config";
import { peekProcessSingleton, processSingleton } from "../singleton";
import { currentRequestContext } from "./context";

/**
 * The console's log: one JSON object per line on stdout, written synchronously (no worker-thread
 * transport: those break inside Next's server bundle). Every line has `level`, `time` (ISO),
 * `service`, `pid`, `hostname`, `component` and `msg`; lines written while a request is handled
 * also carry its `reqId`, `user`, `userId`, `role` (lib/log/context.ts). Keys that could hold a
 * secret are censored wherever they appear, and the secrets the console is configured with are
 * masked in the written line whatever key or text they hide in.
 */

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const SERVICE = "aic-console";
export const CENSOR = "[redacted]";

/** Keys whose value is never written, at any depth (matched exactly; add spellings here). */
export const SECRET_KEYS = [
  "password",
  "newPassword",
  "currentPassword",
  "passwordHash",
  "password_hash",
  "secret",
  "clientSecret",
  "client_secret",
  "accessKeySecret",
  "AccessKeySecret",
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "AUTH_SECRET",
  "NEXTAUTH_SECRET",
  "AUTH_OIDC_CLIENT_SECRET",
  "CONSOLE_BOOTSTRAP_ADMIN_PASSWORD",
  "CONSOLE_METRICS_TOKEN",
  "securityToken",
  "SecurityToken",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "idToken",
  "id_token",
  "sessionToken",
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "Set-Cookie",
  "signature",
  "Signature",
  "credentials",
  "privateKey",
] as const;

const pathTo = (key: string, prefix: string) =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${prefix}${prefix ? "." : ""}${key}` : `${prefix}["${key}"]`;

/**
 * pino `redact` paths: each key at the top level and up to three levels below (`*.k`, `*.*.k`,
 * `*.*.*.k`; arrays included). Deeper than that, only the masking of known secrets applies: log
 * the fields you mean, not whole request objects.
 */
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => ["", "*", "*.*", "*.*.*"].map((prefix) => pathTo(k, prefix)));

// `Signature=…` or `AccessKeyId=…` in a signed query, `password=…` in a driver's message, `user:pass@` in a URL.
const SECRET_PARAM = /(\b(?:Signature|SecurityToken|AccessKeyId|AccessKeySecret|password|passwd|pwd|secret|token)=)[^&\s"',;]*/gi;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@/\s]+@/gi;
// A JWT (an ID token, a session cookie's value) wherever it is quoted.
const JWT = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;

/** Text that may quote a signed request, a connection string or a token: the secret parts are cut. */
export function scrubText(text: string): string {
  return text.replace(SECRET_PARAM, `$1${CENSOR}`).replace(URL_PASSWORD, `$1${CENSOR}@`).replace(JWT, CENSOR);
}

/**
 * Errors keep their class, message, code, ENS RequestId, retryability, status, stack and cause,
 * and nothing else: an SDK error's other fields (its request, its response data) are not logged.
 */
export function serializeError(e: unknown, depth = 0): unknown {
  if (!(e instanceof Error)) {
    if (typeof e === "string") return scrubText(e);
    if (typeof e !== "object" || e === null) return e;
    // A plain-object cause (Auth.js wraps `{ err, ...err.cause }`): its errors as errors, its
    // primitives as they are, and nothing nested (a response, a token set, headers).
    if (depth >= 3) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e)) {
      if (v instanceof Error) out[k] = serializeError(v, depth + 1);
      else if (typeof v === "string") out[k] = scrubText(v);
      else if (typeof v === "number" || typeof v === "boolean") out[k] = v;
    }
    return out;
  }
  const bag = e as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { type: e.name || e.constructor?.name, message: scrubText(e.message) };
  for (const k of ["code", "requestId", "retryable", "statusCode"] as const)
    if (typeof bag[k] === "string" || typeof bag[k] === "number" || typeof bag[k] === "boolean") out[k] = bag[k];
  if (e.stack) out.stack = scrubText(e.stack);
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** The configured level, or `info` while the configuration cannot be read (start-up reports why). */
function configured(): { level: LogLevel; secrets: string[] } {
  try {
    const c = config();
    const secrets = [
      c.AUTH_SECRET,
      c.NEXTAUTH_SECRET,
      c.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
      c.AUTH_OIDC_CLIENT_SECRET,
      c.CONSOLE_BOOTSTRAP_ADMIN_PASSWORD,
      c.CONSOLE_METRICS_TOKEN,
    ];
    return { level: c.CONSOLE_LOG_LEVEL, secrets: secrets.filter((s): s is string => typeof s === "string" && s.length >= 8) };
  } catch {
    return { level: "info", secrets: [] };
  }
}

/** A destination that masks the given values (and their JSON-escaped forms) before writing. */
function masking(dest: DestinationStream, secrets: string[]): DestinationStream {
  const forms = [...new Set(secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))];
  if (!forms.length) return dest;
  return {
    write(line: string) {
      for (const f of forms) if (line.includes(f)) line = line.split(f).join(CENSOR);
      dest.write(line);
    },
  };
}

export function createRootLogger(dest: DestinationStream, level: LogLevel, secrets: string[] = []): Logger {
  return pino(
    {
      level,
      base: { service: SERVICE, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      messageKey: "msg",
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      serializers: { err: (e: unknown) => serializeError(e), error: (e: unknown) => serializeError(e) },
      mixin: () => {
        const ctx = currentRequestContext();
        if (!ctx) return {};
        const fields: Record<string, string> = {};
        for (const [k, v] of Object.entries(ctx)) if (typeof v === "string") fields[k] = v;
        return fields;
      },
    },
    masking(dest, secrets),
  );
}

interface LogState {
  root: Logger;
  children: Map<string, Logger>;
}

const STATE = "log.state";

/**
 * The level a test run sets for this process in place of the configured one (test/support/quiet-log.ts:
 * unit tests are silent unless they capture the log). Not an environment variable: the consoles
 * and CLIs the tests start inherit the environment, and their logs are what some tests read.
 */
export const TEST_LOG_LEVEL = "log.test-level";

function fresh(dest?: DestinationStream, level?: LogLevel): LogState {
  const c = configured();
  const out = dest ?? pino.destination({ dest: 1, sync: true });
  return {
    root: createRootLogger(out, level ?? peekProcessSingleton<LogLevel>(TEST_LOG_LEVEL) ?? c.level, c.secrets),
    children: new Map(),
  };
}

const state = (): LogState => processSingleton(STATE, () => fresh());

/**
 * Tests: send every line to `dest` (at `level`, default the configured one, or the test run's) until
 * the next call; `null` goes back to stdout. Loggers from `logger()` follow, wherever they were made.
 */
export function setLogDestination(dest: DestinationStream | null, level?: LogLevel): void {
  const s = state();
  const next = fresh(dest ?? undefined, level);
  s.root = next.root;
  s.children = next.children;
}

type LogFn = { (msg: string): void; (fields: object, msg?: string): void };
export type Log = Record<Exclude<LogLevel, "silent">, LogFn> & { isLevelEnabled(level: LogLevel): boolean };

function child(component: string): Logger {
  const s = state();
  let l = s.children.get(component);
  if (!l) s.children.set(component, (l = s.root.child({ component })));
  return l;
}

/** The log of one part of the console (`engine`, `ens`, `action`…), its name in each line's `component`. */
export function logger(component: string): Log {
  const method =
    (level: Exclude<LogLevel, "silent">): LogFn =>
    (a: string | object, msg?: string) => {
      const l = child(component);
      if (typeof a === "string") l[level](a);
      else l[level](a, msg);
    };
  return {
    fatal: method("fatal"),
    error: method("error"),
    warn: method("warn"),
    info: method("info"),
    debug: method("debug"),
    trace: method("trace"),
    isLevelEnabled: (level) => child(component).isLevelEnabled(level),
  };
}

// lib/errors.ts is imported by the browser too, so it cannot import this module: it reports an
// unexpected error through this hook when the server has loaded the logger, else on the console.
(globalThis as Record<symbol, unknown>)[Symbol.for("aic-console.report-internal-error")] = (ref: string, e: unknown) =>
  logger("console").error({ ref, err: e }, "unexpected error");

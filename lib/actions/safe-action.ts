import { randomUUID } from "node:crypto";
import { z } from "../validation/zod";
import type { Db } from "../db/client";
import { summarizeInput } from "../audit/sanitize";
import { REFUSALS_SUMMARISED, type RefusalLimiter } from "../abuse/refusal-limiter";
import { sharedRefusalLimiter } from "../abuse/refusals";
import { appendEvent, type Actor, type NewEvent } from "../audit/append";
import { auditedOperation, loggedMessage } from "../audit/audited-operation";
import { can, type Permission } from "../auth/permissions";
import type { ActiveUser } from "../auth/session";
import { KNOWN_ACTIONS } from "../validation/history-params";
import { CONSOLE_ERRORS, toActionError, withWords, type ActionError } from "../errors";
import { localeFor } from "../i18n/locale-for";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { localizeError, renderWords } from "./localize-error";
import { localizeIssue, safeParseIn } from "../validation/localize";
import { countActionOutcome } from "../metrics/record";
import { currentRequestContext, setRequestUser, withRequestContext } from "../log/context";
import { logger } from "../log/logger";
import { isNextControlFlow, rethrowNextControlFlow } from "./next-control-flow";
import { trackInFlight } from "../lifecycle";
import type { ActionResult } from "./result";
import type { ActionContext, ActionSpec, RequestInfo } from "../action-spec";

// Kept for the modules that still import it from here; new code imports it from lib/errors.
export { toActionError } from "../errors";
export type { ActionContext, ActionSpec, RequestInfo } from "../action-spec";

export interface ActionDeps {
  resolveUser(): Promise<ActiveUser | null>;
  requestInfo(): Promise<RequestInfo>;
  db(): Promise<Db>;
  /** Counts anonymous and denied calls per client; defaults to the process's shared limiter. */
  refusals?: RefusalLimiter;
}

export const ACTION_META = Symbol.for("aic-console.action");
export interface ActionMeta {
  name: string;
  permission: Permission;
}
export type SafeAction<T> = ((raw: unknown) => Promise<ActionResult<T>>) & { [ACTION_META]: ActionMeta };

type AnySpec = ActionSpec<z.ZodType, unknown>;
type Failure = { ok: false; error: ActionError };

function displayName(spec: AnySpec): string {
  return typeof spec.name === "string" ? spec.name : (spec.refusedName ?? spec.permission);
}

/** The refusal of input that failed its schema: the first message per field, and a summary of three. */
export function zodFailure(error: Pick<z.ZodError, "issues">, locale: Locale = DEFAULT_LOCALE): ActionError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "input";
    fieldErrors[key] ??= issue.message;
  }
  const first = Object.entries(fieldErrors).slice(0, 3);
  if (locale === DEFAULT_LOCALE) {
    const summary = first.map(([k, m]) => `${k}: ${m}`).join("; ");
    return { code: "Console.InvalidInput", message: `${CONSOLE_ERRORS["Console.InvalidInput"].message} ${summary}`, fieldErrors };
  }
  const summary = first.map(([field, message]) => ({ key: "fieldProblem" as const, values: { field, message } }));
  return { code: "Console.InvalidInput", message: renderWords({ key: "invalidInput", values: { summary } }, locale), fieldErrors };
}

/** The issues of input that failed in English, parsed again for `locale`'s words (zod's locale messages describe the input). */
function inputIssuesIn(schema: z.ZodType, raw: unknown, english: z.core.$ZodIssue[], locale: Locale): Pick<z.ZodError, "issues"> {
  const again = safeParseIn(schema, raw, locale);
  return again.success ? { issues: english.map((i) => ({ ...i, message: localizeIssue(i, locale) })) } : again.error;
}

const elapsedSince = (started: number) => Math.round(performance.now() - started);

const log = logger("action");

/** What the call's one log line says (lib/log): filled in by the step that decides the outcome. */
interface Summary {
  action: string;
  outcome?: string;
  code?: string;
  ensRequestId?: string | null;
}

// ── Step 1: the actor ───────────────────────────────────────────────────────────────────────────

/** Who calls, from where, and the fields every event of this call shares. */
interface Call {
  db: Db;
  info: RequestInfo;
  user: ActiveUser | null;
  /** The language the caller reads: what the result's messages are in (the audit log stays English). */
  locale: Locale;
  actor: Actor | null;
  base: Pick<NewEvent, "operationId" | "actor" | "sourceIp" | "userAgent">;
  refusals: RefusalLimiter;
  summary: Summary;
}

async function resolveCall(deps: ActionDeps, summary: Summary): Promise<Call> {
  const [db, info, user] = await Promise.all([deps.db(), deps.requestInfo(), deps.resolveUser()]);
  setRequestUser(user);
  const actor: Actor | null = user ? { id: user.id, email: user.email, role: user.role } : null;
  const base = { operationId: randomUUID(), actor, sourceIp: info.ip, userAgent: info.userAgent };
  const locale = localeFor(user, info.acceptLanguage);
  return { db, info, user, actor, base, locale, refusals: deps.refusals ?? sharedRefusalLimiter(), summary };
}

/** Names the call in its summary and in the request context (so later lines carry it too). */
function named(call: Call, action: string): void {
  call.summary.action = action;
  const ctx = currentRequestContext();
  if (ctx) ctx.action = action;
}

// ── Step 2: the permission ──────────────────────────────────────────────────────────────────────

function authorize(spec: AnySpec, user: ActiveUser | null): { ok: true; user: ActiveUser } | Failure {
  if (!user) return { ok: false, error: { code: "Console.Unauthenticated", message: CONSOLE_ERRORS["Console.Unauthenticated"].message } };
  if (!can(user.role, spec.permission)) {
    const words = { key: "forbiddenRole", values: { role: { key: `role.${user.role}` } } } as const;
    return {
      ok: false,
      error: withWords({ code: "Console.Forbidden", message: `Your role (${user.role}) is not allowed to do this.` }, words),
    };
  }
  return { ok: true, user };
}

// ── Refusals (steps 2 and 3) are audited by shape, never by value ──────────────────────────────

const SAFE_ID = /^[\w.@:+-]{1,128}$/;

/**
 * The audit name and target of a signed-in user's call refused before its input was parsed
 * (denied, or invalid), read from the raw input where that is safe: a known action name and a
 * plain id. Otherwise, and always for anonymous callers (who must not be able to write into an
 * instance's history), the fixed name and no target.
 */
function refusedIdentity(spec: AnySpec, raw: unknown, signedIn: boolean): { name: string; target: NewEvent["target"] } {
  const fallback = displayName(spec);
  if (!signedIn || typeof raw !== "object" || raw === null) return { name: fallback, target: null };
  const attempt = <R>(f: () => R): R | undefined => {
    try {
      return f();
    } catch {
      return undefined;
    }
  };
  const guess = typeof spec.name === "function" ? attempt(() => (spec.name as (i: unknown) => string)(raw)) : spec.name;
  const known = typeof guess === "string" && guess !== REFUSALS_SUMMARISED && (KNOWN_ACTIONS as readonly string[]).includes(guess);
  const name = known ? guess : fallback;
  const t = attempt(() => spec.target?.(raw));
  const target = t && typeof t.type === "string" && typeof t.id === "string" && SAFE_ID.test(t.id) ? { type: t.type, id: t.id } : null;
  return { name, target };
}

/**
 * A refused call keeps the shape of what was sent, never its values: an anonymous caller must not
 * be able to store data in the undeletable log, nor a mistyped secret stay readable there.
 * Anonymous and denied calls past the per-client limit are counted for a summary event instead
 * (lib/abuse): a flood of them must not grow the undeletable log one row each. The caller gets
 * the same refusal either way, in their language (`shown`); the log keeps the English `error`.
 */
async function refuse(
  call: Call,
  spec: AnySpec,
  raw: unknown,
  outcome: "denied" | "rejected",
  error: ActionError,
  issues?: Parameters<typeof summarizeInput>[1],
  shown: ActionError = localizeError(error, call.locale),
): Promise<Failure> {
  const { name, target } = refusedIdentity(spec, raw, call.user !== null);
  countActionOutcome(name, outcome);
  named(call, name);
  Object.assign(call.summary, { outcome, code: error.code });
  const record = (e: Parameters<typeof appendEvent>[1]) => appendEvent(call.db, e);
  if (outcome === "denied" && !call.refusals.admit({ ip: call.info.ip, actor: call.actor, action: name, code: error.code }, record))
    return { ok: false, error: shown };
  await record({
    ...call.base,
    action: name,
    target,
    params: { input: summarizeInput(raw, issues) },
    phase: "completed",
    outcome,
    errorCode: error.code,
    errorMessage: error.message,
  });
  return { ok: false, error: shown };
}

// ── Step 4: what the audit log says about an accepted call ─────────────────────────────────────

interface Audited {
  action: string;
  target: NewEvent["target"];
  params: unknown;
  bulkId: string | null;
}

function auditedCall<I, T>(spec: ActionSpec<z.ZodType<I>, T>, input: I): Audited {
  return {
    action: typeof spec.name === "string" ? spec.name : spec.name(input),
    target: spec.target?.(input) ?? null,
    params: spec.auditParams ? spec.auditParams(input) : input,
    bulkId: spec.bulkId?.(input) ?? null,
  };
}

// ── Step 5: run, audited as one event or as a requested/completed operation ────────────────────

async function runAsEvent<I, T>(
  spec: ActionSpec<z.ZodType<I>, T>,
  call: Call,
  user: ActiveUser,
  input: I,
  audited: Audited,
): Promise<ActionResult<T>> {
  let ensRequestId: string | undefined;
  const ctx: ActionContext = {
    ...call.info,
    user,
    operationId: call.base.operationId,
    db: call.db,
    setEnsRequestId: (id) => void (ensRequestId = id),
    decided: (id) => void (ensRequestId = id),
  };
  const event = { ...call.base, ...audited, phase: "completed" as const };
  const started = performance.now();
  try {
    const data = await spec.handler(input, ctx);
    await appendEvent(call.db, {
      ...event,
      outcome: "success",
      ensRequestId,
      result: spec.auditResult?.(data),
      durationMs: elapsedSince(started),
    });
    countActionOutcome(audited.action, "success");
    Object.assign(call.summary, { outcome: "success", ensRequestId });
    return { ok: true, data };
  } catch (e) {
    rethrowNextControlFlow(e);
    const error = toActionError(e);
    await appendEvent(call.db, {
      ...event,
      outcome: "failure",
      errorCode: error.code,
      errorMessage: loggedMessage(error),
      ensRequestId: error.requestId,
      result: error.details,
      durationMs: elapsedSince(started),
    });
    countActionOutcome(audited.action, "failure");
    Object.assign(call.summary, { outcome: "failure", code: error.code, ensRequestId: error.requestId ?? ensRequestId });
    return { ok: false, error };
  }
}

async function runAsOperation<I, T>(
  spec: ActionSpec<z.ZodType<I>, T>,
  call: Call,
  user: ActiveUser,
  input: I,
  audited: Audited,
): Promise<ActionResult<T>> {
  let ctx: ActionContext | undefined;
  const res = await auditedOperation<T>(
    call.db,
    { ...call.base, ...audited, phase: "requested" },
    (op) => {
      ctx = { ...call.info, user, operationId: call.base.operationId, db: call.db, ...op };
      return spec.handler(input, ctx);
    },
    { guard: spec.guard?.(input) ?? undefined, auditResult: spec.auditResult, isControlFlow: isNextControlFlow },
  );
  countActionOutcome(audited.action, res.ok ? "success" : res.outcome);
  Object.assign(call.summary, {
    outcome: res.ok ? "success" : res.outcome,
    code: res.ok ? undefined : res.error.code,
    ensRequestId: res.ensRequestId,
  });
  return res.ok ? { ok: true, data: res.data } : { ok: false, error: res.error };
}

/**
 * The one way to build a server action, in steps: actor → permission → parse → audit → run.
 * Denied and rejected calls are audited and never reach ENS; the result is always typed.
 */
export function createActionFactory(deps: ActionDeps) {
  return function action<S extends z.ZodType, T>(spec: ActionSpec<S, T>): SafeAction<T> {
    const typed = spec as unknown as ActionSpec<z.ZodType<z.output<S>>, T>;
    // Each call runs in its own request context (lib/log): every line it logs, ENS calls included,
    // carries one fresh `reqId`, and it ends with one line saying who did what, how it ended and how long it took.
    const run = (raw: unknown): Promise<ActionResult<T>> =>
      withRequestContext({ action: displayName(spec as AnySpec) }, async () => {
        const summary: Summary = { action: displayName(spec as AnySpec) };
        const started = performance.now();
        let thrown: unknown;
        try {
          // Counted in flight: a shutdown waits for it (lib/shutdown.ts).
          return await trackInFlight(() => steps(raw, summary));
        } catch (e) {
          thrown = e;
          summary.outcome ??= isNextControlFlow(e) ? "redirected" : "error";
          throw e;
        } finally {
          const { action, outcome = "error", code, ensRequestId } = summary;
          const fields = { action, outcome, code, ensRequestId: ensRequestId ?? undefined, durationMs: elapsedSince(started) };
          const failed = outcome === "failure" || outcome === "unknown" || outcome === "error";
          if (outcome === "error") log.error({ ...fields, err: thrown }, `action ${action} ${outcome}`);
          else log[failed ? "warn" : "info"](fields, `action ${action} ${outcome}`);
        }
      });
    const steps = async (raw: unknown, summary: Summary): Promise<ActionResult<T>> => {
      const call = await resolveCall(deps, summary);
      const allowed = authorize(spec as AnySpec, call.user);
      if (!allowed.ok) return refuse(call, spec as AnySpec, raw, "denied", allowed.error);
      const parsed = spec.input.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues;
        const shown =
          call.locale === DEFAULT_LOCALE ? undefined : zodFailure(inputIssuesIn(spec.input, raw, issues, call.locale), call.locale);
        return refuse(call, spec as AnySpec, raw, "rejected", zodFailure(parsed.error), issues, shown);
      }
      const audited = auditedCall(typed, parsed.data);
      named(call, audited.action);
      const runStep = (spec.audit ?? "operation") === "event" ? runAsEvent : runAsOperation;
      const res = await runStep(typed, call, allowed.user, parsed.data, audited);
      return res.ok ? res : { ok: false, error: localizeError(res.error, call.locale) };
    };
    return Object.assign(run, { [ACTION_META]: { name: displayName(spec as AnySpec), permission: spec.permission } });
  };
}

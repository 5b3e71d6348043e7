import { z } from "../validation/zod";
import { summarizeInput } from "../audit/sanitize";
import { REFUSALS_SUMMARISED, type RefusalLimiter } from "../abuse/refusal-limiter";
import { appendEvent, type NewEvent } from "../audit/append";
import { auditedOperation, loggedMessage } from "../audit/audited-operation";
import { actionPermission, isAuditAction, type ActionName, type AuditAction } from "../audit/vocabulary";
import type { Permission } from "../auth/permissions";
import type { ActiveUser } from "../auth/session";
import { CONSOLE_ERRORS, toActionError, type ActionError } from "../errors";
import { DEFAULT_LOCALE, type Locale } from "../i18n/locales";
import { localizeError, renderWords } from "./localize-error";
import { localizeIssue, safeParseIn } from "../validation/localize";
import { countActionOutcome } from "../metrics/record";
import { logger } from "../log/logger";
import { actorOf, resolveCaller, type Caller, type CallerSources } from "../request/caller";
import { refusalOf } from "../request/authorize";
import { recordRefusal } from "../request/record-refusal";
import { nameRequest, observed } from "../request/observe";
import { addStep, stepsOf, timedStep } from "../log/steps";
import { isNextControlFlow, rethrowNextControlFlow } from "./next-control-flow";
import type { ActionResult } from "./result";
import type { ActionContext, ActionSpec } from "../action-spec";

export type { ActionContext, ActionSpec, RequestInfo } from "../action-spec";

export interface ActionDeps extends CallerSources {
  /** The ENS client handlers call (ctx.ens); the real one in lib/actions/action.ts, a fake or the emulator's in tests. */
  ens?: ActionContext["ens"];
  /** Counts anonymous and denied calls per client; defaults to the process's shared limiter. */
  refusals?: RefusalLimiter;
}

export const ACTION_META = Symbol.for("aic-console.action");
export interface ActionMeta {
  name: ActionName;
  permission: Permission;
}
export type SafeAction<T> = ((raw: unknown) => Promise<ActionResult<T>>) & { [ACTION_META]: ActionMeta };

type AnySpec = ActionSpec<z.ZodType, unknown>;
type Failure = { ok: false; error: ActionError };

/** The name a call is known by before its input is read: the fixed name, or the one refusals are recorded under. */
function displayName(spec: AnySpec): ActionName {
  return typeof spec.name === "string" ? spec.name : spec.refusedName!;
}

const noEns: ActionContext["ens"] = () => {
  throw new Error("this action factory was built without an ENS client");
};

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

const log = logger("action");

/** What the call's one log line says (lib/log): filled in by the step that decides the outcome. */
interface Summary {
  action: string;
  outcome?: string;
  code?: string;
  ensRequestId?: string | null;
}

/** Names the call in its summary and in the request context (so later lines carry it too). */
function named(summary: Summary, action: string): void {
  summary.action = action;
  nameRequest(action);
}

// ── Refusals (steps 2 and 3) are audited by shape, never by value ──────────────────────────────

const SAFE_ID = /^[\w.@:+-]{1,128}$/;

/**
 * The audit name and target of a signed-in user's call refused before its input was parsed
 * (denied, or invalid), read from the raw input where that is safe: a known action name and a
 * plain id. Otherwise, and always for anonymous callers (who must not be able to write into an
 * instance's history), the fixed name and no target.
 */
function refusedIdentity(spec: AnySpec, raw: unknown, signedIn: boolean): { name: AuditAction; target: NewEvent["target"] } {
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
  const known = typeof guess === "string" && guess !== REFUSALS_SUMMARISED && isAuditAction(guess);
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
  call: Caller,
  summary: Summary,
  refusals: RefusalLimiter | undefined,
  spec: AnySpec,
  raw: unknown,
  outcome: "denied" | "rejected",
  error: ActionError,
  issues?: Parameters<typeof summarizeInput>[1],
  shown: ActionError = localizeError(error, call.locale),
): Promise<Failure> {
  const { name, target } = refusedIdentity(spec, raw, call.user !== null);
  named(summary, name);
  Object.assign(summary, { outcome, code: error.code });
  await recordRefusal(call, { action: name, target, params: { input: summarizeInput(raw, issues) }, outcome, error }, refusals);
  return { ok: false, error: shown };
}

// ── Step 4: what the audit log says about an accepted call ─────────────────────────────────────

interface Audited {
  action: ActionName;
  target: NewEvent["target"];
  params: unknown;
}

function auditedCall<I, T>(spec: ActionSpec<z.ZodType<I>, T>, input: I): Audited {
  return {
    action: typeof spec.name === "string" ? spec.name : spec.name(input),
    target: spec.target?.(input) ?? null,
    params: spec.auditParams ? spec.auditParams(input) : input,
  };
}

/** What a handler is given besides its input: who calls, from where, the database and ENS. */
interface Run {
  call: Caller;
  user: ActiveUser;
  summary: Summary;
  ens: ActionContext["ens"];
  afterAudit: (() => Promise<unknown>)[];
}

const baseEvent = ({ call, user }: Run) => ({
  operationId: call.operationId,
  actor: actorOf(user),
  sourceIp: call.info.ip,
  userAgent: call.info.userAgent,
});

const contextOf = (run: Run, decide: Pick<ActionContext, "setEnsRequestId" | "decided">): ActionContext => ({
  ...run.call.info,
  user: run.user,
  actor: actorOf(run.user),
  operationId: run.call.operationId,
  db: run.call.db,
  ens: run.ens,
  afterAudit: (fn) => void run.afterAudit.push(fn),
  ...decide,
});

/** The afterAudit work of a succeeded action, in order, once its record is written. */
async function runAfterAudit(run: Run): Promise<void> {
  for (const fn of run.afterAudit.splice(0))
    await fn().catch((err: unknown) => log.error({ err, operationId: run.call.operationId }, "work after the audit record failed"));
}

// ── Step 5: run, audited as one event or as a requested/completed operation ────────────────────

async function runAsEvent<I, T>(spec: ActionSpec<z.ZodType<I>, T>, run: Run, input: I, audited: Audited): Promise<ActionResult<T>> {
  let ensRequestId: string | undefined;
  let decidedResult: unknown;
  const ctx = contextOf(run, {
    setEnsRequestId: (id) => void (ensRequestId = id),
    decided: (id, result) => void ((ensRequestId = id), (decidedResult = result)),
  });
  const event = { ...baseEvent(run), ...audited, phase: "completed" as const };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const data = await timedStep("handler", () => spec.handler(input, ctx));
    await appendEvent(run.call.db, {
      ...event,
      outcome: "success",
      ensRequestId,
      result: spec.auditResult?.(data) ?? decidedResult,
      durationMs: elapsed(),
    });
    await runAfterAudit(run);
    countActionOutcome(audited.action, "success");
    Object.assign(run.summary, { outcome: "success", ensRequestId });
    return { ok: true, data };
  } catch (e) {
    rethrowNextControlFlow(e);
    const error = toActionError(e);
    await appendEvent(run.call.db, {
      ...event,
      outcome: "failure",
      errorCode: error.code,
      errorMessage: loggedMessage(error),
      ensRequestId: error.requestId,
      result: error.details,
      durationMs: elapsed(),
    });
    countActionOutcome(audited.action, "failure");
    Object.assign(run.summary, { outcome: "failure", code: error.code, ensRequestId: error.requestId ?? ensRequestId });
    return { ok: false, error };
  }
}

async function runAsOperation<I, T>(spec: ActionSpec<z.ZodType<I>, T>, run: Run, input: I, audited: Audited): Promise<ActionResult<T>> {
  const res = await auditedOperation<T>(
    run.call.db,
    { ...baseEvent(run), ...audited, phase: "requested" },
    (op) => timedStep("handler", () => spec.handler(input, contextOf(run, op))),
    { guard: spec.guard?.(input) ?? undefined, auditResult: spec.auditResult, isControlFlow: isNextControlFlow },
  );
  if (res.ok) await runAfterAudit(run);
  countActionOutcome(audited.action, res.ok ? "success" : res.outcome);
  Object.assign(run.summary, {
    outcome: res.ok ? "success" : res.outcome,
    code: res.ok ? undefined : res.error.code,
    ensRequestId: res.ensRequestId,
  });
  return res.ok ? { ok: true, data: res.data } : { ok: false, error: res.error };
}

/**
 * The one way to build a server action, in steps: actor → permission (from the audit registry) →
 * parse → audit → run. Denied and rejected calls are audited and never reach ENS; the result is
 * always typed. The request frame and the first three steps are the ones read routes use too
 * (lib/request).
 */
export function createActionFactory(deps: ActionDeps) {
  return function action<S extends z.ZodType, T>(spec: ActionSpec<S, T>): SafeAction<T> {
    const any = spec as unknown as AnySpec;
    const typed = spec as unknown as ActionSpec<z.ZodType<z.output<S>>, T>;
    const name = displayName(any);
    const permission = actionPermission(name);
    // Each call runs in its own request frame: every line it logs carries one fresh `reqId`, and it
    // ends with one line saying who did what, how it ended and how long it took.
    const call = (raw: unknown): Promise<ActionResult<T>> => {
      const summary: Summary = { action: name };
      return observed(
        { action: name },
        () => steps(raw, summary),
        ({ thrown, durationMs, ctx }) => {
          if (thrown !== undefined) summary.outcome ??= isNextControlFlow(thrown) ? "redirected" : "error";
          const { action, outcome = "error", code, ensRequestId } = summary;
          const fields = { action, outcome, code, ensRequestId: ensRequestId ?? undefined, durationMs, steps: stepsOf(ctx.steps) };
          const failed = outcome === "failure" || outcome === "unknown" || outcome === "error";
          if (outcome === "error") log.error({ ...fields, err: thrown }, `action ${action} ${outcome}`);
          else log[failed ? "warn" : "info"](fields, `action ${action} ${outcome}`);
        },
      );
    };
    const steps = async (raw: unknown, summary: Summary): Promise<ActionResult<T>> => {
      const caller = await timedStep("caller", () => resolveCaller(deps));
      const refusal = refusalOf(caller.user, permission);
      if (refusal || !caller.user) return refuse(caller, summary, deps.refusals, any, raw, "denied", refusal!);
      const parseStarted = performance.now();
      const parsed = spec.input.safeParse(raw);
      addStep("input", performance.now() - parseStarted);
      if (!parsed.success) {
        const issues = parsed.error.issues;
        const shown =
          caller.locale === DEFAULT_LOCALE ? undefined : zodFailure(inputIssuesIn(spec.input, raw, issues, caller.locale), caller.locale);
        return refuse(caller, summary, deps.refusals, any, raw, "rejected", zodFailure(parsed.error), issues, shown);
      }
      const audited = auditedCall(typed, parsed.data);
      named(summary, audited.action);
      const run: Run = { call: caller, user: caller.user, summary, ens: deps.ens ?? noEns, afterAudit: [] };
      const runStep = (spec.audit ?? "operation") === "event" ? runAsEvent : runAsOperation;
      const res = await runStep(typed, run, parsed.data, audited);
      return res.ok ? res : { ok: false, error: localizeError(res.error, caller.locale) };
    };
    return Object.assign(call, { [ACTION_META]: { name, permission } });
  };
}

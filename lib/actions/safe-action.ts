import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { summarizeInput } from "../audit/sanitize";
import { REFUSALS_SUMMARISED, type RefusalLimiter } from "../abuse/refusal-limiter";
import { sharedRefusalLimiter } from "../abuse/refusals";
import { appendEvent, beginOperation, completionOf, type Actor, type InFlightGuard, type NewEvent } from "../audit/append";
import { can, type Permission } from "../auth/permissions";
import { isEnsError, mayHaveBeenApplied } from "../ens/errors";
import type { ActiveUser } from "../auth/session";
import { KNOWN_ACTIONS } from "../validation/history-params";
import { ConsoleError, type ActionError, type ActionResult } from "./result";

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface ActionDeps {
  resolveUser(): Promise<ActiveUser | null>;
  requestInfo(): Promise<RequestInfo>;
  db(): Promise<Db>;
  /** Counts anonymous and denied calls per client; defaults to the process's shared limiter. */
  refusals?: RefusalLimiter;
}

export interface ActionContext extends RequestInfo {
  user: ActiveUser;
  operationId: string;
  db: Db;
  /** Records the ENS RequestId of the call that decided the outcome. */
  setEnsRequestId(id: string | undefined): void;
  /**
   * The mutating ENS call has answered, so the operation succeeded: its `completed` event is
   * written now, alongside the read-only work that follows (a read-back), not after it. The
   * result still waits for that write.
   */
  decided(ensRequestId: string | undefined): void;
}

export interface ActionSpec<S extends z.ZodType, T> {
  /** Audit action name, e.g. `login.open`; may depend on the input. */
  name: string | ((input: z.output<S>) => string);
  /** When `name` depends on the input: the name of a refused call whose input names no known action. */
  refusedName?: string;
  permission: Permission;
  input: S;
  /** `operation`: requested before the work, completed after (ENS calls). `event`: one completed event. */
  audit?: "operation" | "event";
  target?: (input: z.output<S>) => { type: string; id: string } | null;
  /** The params kept in the audit log; defaults to the parsed input. Never put secrets here. */
  auditParams?: (input: z.output<S>) => unknown;
  bulkId?: (input: z.output<S>) => string | null | undefined;
  /** What a success keeps in the audit log beyond its outcome. A failure keeps its error's details. */
  auditResult?: (data: T) => unknown;
  guard?: (input: z.output<S>) => InFlightGuard | null;
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<T>;
}

export const ACTION_META = Symbol.for("aic-console.action");
export interface ActionMeta {
  name: string;
  permission: Permission;
}
export type SafeAction<T> = ((raw: unknown) => Promise<ActionResult<T>>) & { [ACTION_META]: ActionMeta };

function displayName<S extends z.ZodType>(spec: ActionSpec<S, unknown>): string {
  return typeof spec.name === "string" ? spec.name : (spec.refusedName ?? spec.permission);
}

const SAFE_ID = /^[\w.@:+-]{1,128}$/;

/**
 * The audit name and target of a signed-in user's call refused before its input was parsed
 * (denied, or invalid), read from the raw input where that is safe: a known action name and a
 * plain id. Otherwise, and always for anonymous callers (who must not be able to write into an
 * instance's history), the fixed name and no target.
 */
function refusedIdentity<S extends z.ZodType>(spec: ActionSpec<S, unknown>, raw: unknown, signedIn: boolean): { name: string; target: NewEvent["target"] } {
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
  const t = attempt(() => spec.target?.(raw as z.output<S>));
  const target = t && typeof t.type === "string" && typeof t.id === "string" && SAFE_ID.test(t.id) ? { type: t.type, id: t.id } : null;
  return { name, target };
}

/** Turns any thrown value into the error the user sees; internals go to the server log only. */
export function toActionError(e: unknown): ActionError {
  if (e instanceof ConsoleError) {
    const extra = { ...(e.requestId ? { requestId: e.requestId } : {}), ...(e.details === undefined ? {} : { details: e.details }) };
    return { code: e.code, message: e.message, retryable: e.retryable, ...extra };
  }
  if (isEnsError(e)) {
    return {
      code: e.code,
      message: String(e.message ?? "ENS refused the request."),
      requestId: typeof e.requestId === "string" ? e.requestId : undefined,
      retryable: Boolean(e.retryable),
    };
  }
  const ref = randomUUID();
  console.error(`[console ${ref}]`, e);
  return { code: "Console.Internal", message: `Something went wrong on the console's side. Reference: ${ref}` };
}

export function zodFailure(error: z.ZodError): ActionError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "input";
    fieldErrors[key] ??= issue.message;
  }
  const summary = Object.entries(fieldErrors).slice(0, 3).map(([k, m]) => `${k}: ${m}`).join("; ");
  return { code: "Console.InvalidInput", message: `Invalid input. ${summary}`, fieldErrors };
}

// PGlite runs queries on this thread, in one run of microtasks: a write started at once would hold
// back the request the handler sends next. One macrotask later, that request is on the wire.
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

function isNextControlFlow(e: unknown): boolean {
  const digest = (e as { digest?: unknown })?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_NOT_FOUND") || digest === "DYNAMIC_SERVER_USAGE");
}

/**
 * The one way to build a server action: session → role → input → audit requested → run →
 * audit completed → typed result. Denied and rejected calls are audited and never reach ENS.
 */
export function createActionFactory(deps: ActionDeps) {
  return function action<S extends z.ZodType, T>(spec: ActionSpec<S, T>): SafeAction<T> {
    const run = async (raw: unknown): Promise<ActionResult<T>> => {
      const [db, info, user] = await Promise.all([deps.db(), deps.requestInfo(), deps.resolveUser()]);
      const operationId = randomUUID();
      const actor: Actor | null = user ? { id: user.id, email: user.email, role: user.role } : null;
      const base = { operationId, actor, sourceIp: info.ip, userAgent: info.userAgent };
      // A refused call keeps the shape of what was sent, never its values: an anonymous caller must
      // not be able to store data in the undeletable log, nor a mistyped secret stay readable there.
      // Anonymous and denied calls past the per-client limit are counted for a summary event
      // instead (lib/abuse): a flood of them must not grow the undeletable log one row each.
      // The caller gets the same refusal either way.
      const refuse = async (outcome: "denied" | "rejected", error: ActionError, name: string, target: NewEvent["target"], params: () => unknown) => {
        const limiter = deps.refusals ?? sharedRefusalLimiter();
        if (outcome === "denied" && !limiter.admit({ ip: info.ip, actor, action: name, code: error.code }, (e) => appendEvent(db, e))) return { ok: false as const, error };
        await appendEvent(db, { ...base, action: name, target, params: params(), phase: "completed", outcome, errorCode: error.code, errorMessage: error.message });
        return { ok: false as const, error };
      };

      const refused = refusedIdentity(spec as ActionSpec<S, unknown>, raw, user !== null);
      if (!user) return refuse("denied", { code: "Console.Unauthenticated", message: "Your session has ended. Sign in again." }, refused.name, refused.target, () => ({ input: summarizeInput(raw) }));
      if (!can(user.role, spec.permission)) {
        return refuse("denied", { code: "Console.Forbidden", message: `Your role (${user.role}) is not allowed to do this.` }, refused.name, refused.target, () => ({ input: summarizeInput(raw) }));
      }
      const parsed = spec.input.safeParse(raw);
      if (!parsed.success) return refuse("rejected", zodFailure(parsed.error), refused.name, refused.target, () => ({ input: summarizeInput(raw, parsed.error.issues) }));

      const input = parsed.data;
      const name = typeof spec.name === "string" ? spec.name : spec.name(input);
      const target = spec.target?.(input) ?? null;
      const params = spec.auditParams ? spec.auditParams(input) : input;
      const bulkId = spec.bulkId?.(input) ?? null;
      let ensRequestId: string | undefined;
      let onDecided = (id: string | undefined) => void (ensRequestId = id);
      const ctx: ActionContext = { ...info, user, operationId, db, setEnsRequestId: (id) => void (ensRequestId = id), decided: (id) => onDecided(id) };
      const started = performance.now();

      if ((spec.audit ?? "operation") === "event") {
        try {
          const data = await spec.handler(input, ctx);
          await appendEvent(db, { ...base, action: name, target, params, bulkId, phase: "completed", outcome: "success", ensRequestId, result: spec.auditResult?.(data), durationMs: Math.round(performance.now() - started) });
          return { ok: true, data };
        } catch (e) {
          if (isNextControlFlow(e)) throw e;
          const error = toActionError(e);
          await appendEvent(db, { ...base, action: name, target, params, bulkId, phase: "completed", outcome: "failure", errorCode: error.code, errorMessage: error.message, ensRequestId: error.requestId, result: error.details, durationMs: Math.round(performance.now() - started) });
          return { ok: false, error };
        }
      }

      const begun = await beginOperation(db, { ...base, action: name, target, params, bulkId, phase: "requested" }, spec.guard?.(input) ?? undefined);
      if (!begun.ok) {
        const error = { code: "Console.InProgress", message: `Another change to ${target?.id ?? "this target"} is in progress by ${begun.inFlightBy ?? "another user"}. Try again when it finishes.` };
        await appendEvent(db, { ...base, action: name, target, params, bulkId, phase: "completed", outcome: "failure", errorCode: error.code, errorMessage: error.message });
        return { ok: false, error };
      }
      // If the `completed` write fails (database gone, or reconcile already closed the operation
      // as unknown), the user still learns what ENS said; the log keeps `unknown`.
      const complete = (fields: Parameters<typeof completionOf>[1]) =>
        appendEvent(db, completionOf(begun.event, { ...fields, durationMs: Math.round(performance.now() - started) })).catch((err) =>
          console.error(`[console] could not write completed for ${operationId}`, err),
        );
      let decided: Promise<unknown> | undefined;
      onDecided = (id) => {
        ensRequestId = id;
        decided ??= nextMacrotask().then(() => complete({ outcome: "success", ensRequestId: id ?? null }));
      };
      try {
        const data = await spec.handler(input, ctx);
        await (decided ?? complete({ outcome: "success", ensRequestId: ensRequestId ?? null, result: spec.auditResult?.(data) }));
        return { ok: true, data };
      } catch (e) {
        if (decided) {
          // The change was made and is audited as such; only what followed it failed.
          await decided;
          if (isNextControlFlow(e)) throw e;
          return { ok: false, error: toActionError(e) };
        }
        if (isNextControlFlow(e)) {
          await complete({ outcome: "unknown", errorCode: "Console.Redirected", errorMessage: "The action ended in a navigation." });
          throw e;
        }
        const error = toActionError(e);
        // The log must not say "not done" when nobody knows: check the target before retrying.
        const uncertain = e instanceof ConsoleError ? e.uncertain : isEnsError(e) ? mayHaveBeenApplied(e) : error.code === "Console.Internal";
        const outcome = uncertain ? "unknown" : "failure";
        await complete({ outcome, errorCode: error.code, errorMessage: error.message, ensRequestId: error.requestId ?? null, result: error.details });
        return { ok: false, error };
      }
    };
    return Object.assign(run, { [ACTION_META]: { name: displayName(spec as ActionSpec<S, unknown>), permission: spec.permission } });
  };
}

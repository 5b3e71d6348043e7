import type { Db } from "../db/client";
import type { AuditEventRow } from "../db/schema";
import { CONSOLE_ERRORS, mayHaveTakenEffect, toActionError, withWords, type ActionError } from "../errors";
import { appendEvent, beginOperation, completionOf, type InFlightGuard, type RecordedEvent } from "./append";
import { logger } from "../log/logger";

const log = logger("audit");

export interface OperationContext {
  /** Records the ENS RequestId of the call that decided the outcome. */
  setEnsRequestId(id: string | undefined): void;
  /**
   * The mutating ENS call has answered, so the operation succeeded: its `completed` event is
   * written now, alongside the read-only work that follows (a read-back), not after it, with
   * `result` when the work knows what to keep (whose key a login was opened with).
   */
  decided(ensRequestId: string | undefined, result?: unknown): void;
}

export type AuditedOutcome<T> =
  | { ok: true; data: T; ensRequestId: string | null }
  | { ok: false; error: ActionError; outcome: "failure" | "unknown"; ensRequestId: string | null };

export interface AuditedOptions<T> {
  guard?: InFlightGuard;
  auditResult?: (data: T) => unknown;
  /** Errors thrown for the framework to handle (Next's redirect): recorded as `unknown`, then rethrown. */
  isControlFlow?: (e: unknown) => boolean;
  /** Called once the `requested` event is durable, before the work starts. */
  onBegun?: (event: AuditEventRow) => void;
}

/** The audit log keeps ENS's own words where the user was shown the console's. */
export const loggedMessage = (error: ActionError) => error.detail ?? error.message;

const elapsedSince = (started: number) => Math.round(performance.now() - started);

export function inProgressError(targetId: string | undefined, by: string | null): ActionError {
  return withWords(
    {
      code: "Console.InProgress",
      message: `Another change to ${targetId ?? "this target"} is in progress by ${by ?? "another user"}. Try again when it finishes.`,
    },
    { key: "inProgress", values: { target: targetId ?? { key: "thisTarget" }, by: by ?? { key: "anotherUser" } } },
  );
}

/**
 * One audited change: `requested` is durable before the work (refused when another change to the
 * target is in flight), `completed` after it with the outcome, the ENS RequestId and the duration.
 * A failure that ENS may have carried out all the same is `unknown`, never `failure`. The server
 * action wrapper and the operations engine both run their changes through here.
 */
export async function auditedOperation<T>(
  db: Db,
  requested: RecordedEvent,
  work: (ctx: OperationContext) => Promise<T>,
  opts: AuditedOptions<T> = {},
): Promise<AuditedOutcome<T>> {
  const started = performance.now();
  const begun = await beginOperation(db, { ...requested, phase: "requested" }, opts.guard);
  if (!begun.ok) {
    const error = inProgressError(requested.target?.id, begun.inFlightBy);
    await appendEvent(db, { ...requested, phase: "completed", outcome: "failure", errorCode: error.code, errorMessage: error.message });
    return { ok: false, error, outcome: "failure", ensRequestId: null };
  }
  opts.onBegun?.(begun.event);
  // If the `completed` write fails (database gone, or reconcile already closed the operation as
  // unknown), the caller still learns what ENS said; the log keeps `unknown`.
  const complete = (fields: Parameters<typeof completionOf>[1]) =>
    appendEvent(db, completionOf(begun.event, { ...fields, durationMs: elapsedSince(started) })).catch((err) =>
      log.error({ operationId: requested.operationId, err }, "could not write the completed event"),
    );
  let ensRequestId: string | undefined;
  let decided: Promise<unknown> | undefined;
  const ctx: OperationContext = {
    setEnsRequestId: (id) => void (ensRequestId = id),
    decided: (id, result) => {
      ensRequestId = id;
      decided ??= complete({ outcome: "success", ensRequestId: id ?? null, result });
    },
  };
  try {
    const data = await work(ctx);
    await (decided ?? complete({ outcome: "success", ensRequestId: ensRequestId ?? null, result: opts.auditResult?.(data) }));
    return { ok: true, data, ensRequestId: ensRequestId ?? null };
  } catch (e) {
    if (decided) {
      // The change was made and is audited as such; only what followed it failed.
      await decided;
      if (opts.isControlFlow?.(e)) throw e;
      return { ok: false, error: toActionError(e), outcome: "failure", ensRequestId: ensRequestId ?? null };
    }
    if (opts.isControlFlow?.(e)) {
      await complete({ outcome: "unknown", errorCode: "Console.Redirected", errorMessage: CONSOLE_ERRORS["Console.Redirected"].message });
      throw e;
    }
    const error = toActionError(e);
    // The log must not say "not done" when nobody knows: check the target before retrying.
    const outcome = mayHaveTakenEffect(e) ? "unknown" : "failure";
    await complete({
      outcome,
      errorCode: error.code,
      errorMessage: loggedMessage(error),
      ensRequestId: error.requestId ?? null,
      result: error.details,
    });
    return { ok: false, error, outcome, ensRequestId: error.requestId ?? null };
  }
}

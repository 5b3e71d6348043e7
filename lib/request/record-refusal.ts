import type { RefusalLimiter } from "../abuse/refusal-limiter";
import { sharedRefusalLimiter } from "../abuse/refusals";
import { appendEvent, type NewEvent } from "../audit/append";
import type { AuditAction } from "../audit/vocabulary";
import type { ActionError } from "../errors";
import { countActionOutcome } from "../metrics/record";
import type { Caller } from "./caller";

export interface Refusal {
  /** The audit name the refusal is recorded under. */
  action: AuditAction;
  target: NewEvent["target"];
  /** The shape of what was sent, never its values (an anonymous caller must not write into the log). */
  params: unknown;
  outcome: "denied" | "rejected";
  error: ActionError;
}

/**
 * Step 3 of every refused request: one `completed` event with the refusal. Denials past the
 * per-client limit (lib/abuse) are counted for a summary event instead: a flood of them must not
 * grow the undeletable log one row each. Invalid input from a signed-in caller is always recorded.
 */
export async function recordRefusal(caller: Caller, refusal: Refusal, limiter: RefusalLimiter = sharedRefusalLimiter()): Promise<void> {
  countActionOutcome(refusal.action, refusal.outcome);
  const record = (e: NewEvent) => appendEvent(caller.db, e);
  const key = { ip: caller.info.ip, actor: caller.actor, action: refusal.action, code: refusal.error.code };
  if (refusal.outcome === "denied" && !limiter.admit(key, record)) return;
  await record({
    operationId: caller.operationId,
    actor: caller.actor,
    sourceIp: caller.info.ip,
    userAgent: caller.info.userAgent,
    action: refusal.action,
    target: refusal.target,
    params: refusal.params,
    phase: "completed",
    outcome: refusal.outcome,
    errorCode: refusal.error.code,
    errorMessage: refusal.error.message,
  });
}

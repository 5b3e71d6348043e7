import { randomUUID } from "node:crypto";
import os from "node:os";
import type { UserChangeAction } from "../audit/vocabulary";
import { appendEvent, type Actor, type NewEvent } from "../audit/append";
import { normalizeEmail } from "../auth/users";
import type { Db } from "../db/client";

/**
 * User changes made outside the web console (the users CLI, the bootstrap admin) land in the same
 * audit log as the console's own `user.*` actions, as one `completed` event each. Their actor is
 * the shell account that ran them, or the start-up itself: there is no console session to name.
 */
export function cliActor(): Actor {
  let who: string;
  try {
    who = os.userInfo().username;
  } catch {
    // A container uid without a passwd entry: os.userInfo() throws.
    who = process.env.USER || process.env.LOGNAME || `uid ${process.getuid?.() ?? "?"}`;
  }
  return { id: null, email: `${who}@${os.hostname()}`, role: "cli" };
}
/** The start-up's scripted first admin (CONSOLE_BOOTSTRAP_ADMIN_EMAIL); named like SSO's `sso:<host>`. */
export const bootstrapActor: Actor = { id: null, email: "system:bootstrap", role: "system" };

export interface UserChange {
  actor: Actor;
  action: UserChangeAction;
  email: string;
  /** Never a password: only what an auditor needs (the role, whether a password was generated). */
  params?: Record<string, unknown>;
  error?: { code: string; message: string };
}

/** The change's one `completed` event; append it with `withAudit`'s `audit` in the change's transaction. */
export function userChangeEvent(change: UserChange): NewEvent {
  return {
    operationId: randomUUID(),
    actor: change.actor,
    action: change.action,
    target: { type: "user", id: normalizeEmail(change.email) },
    params: change.params ?? null,
    phase: "completed",
    outcome: change.error ? "failure" : "success",
    errorCode: change.error?.code ?? null,
    errorMessage: change.error?.message ?? null,
    userAgent: change.actor.role === "cli" ? "aic-console users CLI" : null,
  };
}

/** For a refused change (nothing was changed, so nothing to commit with it). */
export async function auditUserChange(db: Db, change: UserChange): Promise<void> {
  await appendEvent(db, userChangeEvent(change));
}

import { randomUUID } from "node:crypto";
import { appendEvent, type NewEvent } from "../audit/append";
import type { Db } from "../db/client";
import type { UserRow } from "../db/schema";

export interface SignInAttempt {
  /** Normalized and valid, or empty when there was none (a malformed one is never recorded). */
  email: string;
  user?: UserRow;
  method: "password" | "oidc";
  outcome: "success" | "failure";
  error?: { code: string; message: string };
  /** Extra params (e.g. the SSO issuer). */
  params?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
}

/** One `auth.sign_in` event per attempt, whatever the method; throttling counts these. */
export function signInEvent(
  a: SignInAttempt,
  phase: "requested" | "completed" = "completed",
  operationId: string = randomUUID(),
): NewEvent {
  return {
    operationId,
    actor: { id: a.user?.id ?? null, email: a.email || null, role: a.user?.role ?? null },
    action: "auth.sign_in",
    target: a.email ? { type: "user", id: a.email } : null,
    params: { method: a.method, ...a.params },
    phase,
    outcome: phase === "completed" ? a.outcome : null,
    errorCode: a.error?.code ?? null,
    errorMessage: a.error?.message ?? null,
    sourceIp: a.ip ?? null,
    userAgent: a.userAgent ?? null,
  };
}

export function auditSignIn(db: Db, a: SignInAttempt) {
  return appendEvent(db, signInEvent(a));
}

import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { processSingleton } from "../singleton";

/**
 * What every log line written while one request is handled carries: its id, minted here (a
 * client's `x-request-id` is never believed), and the signed-in user once known. The logger adds
 * these fields itself (lib/log/logger.ts), so nobody passes a logger around.
 */
export interface RequestContext {
  reqId: string;
  /** The audit name of the server action being run, or the read route's name. */
  action?: string;
  route?: string;
  user?: string;
  userId?: string;
  role?: string;
  /** Milliseconds spent per step of the request (lib/request/steps.ts), summed when a step repeats. */
  steps?: Record<string, number>;
}

// One store per process: Next may load this module once per bundle (lib/singleton.ts).
const storage = () => processSingleton("log.request-context", () => new AsyncLocalStorage<RequestContext>());

/** A fresh request id (random, so it says nothing about the request and cannot be chosen by the client). */
export const newRequestId = (): string => randomUUID();

/** Runs `fn` in a new request context with a fresh `reqId`: every line it logs, awaited work included, carries it. */
export function withRequestContext<T>(fields: Omit<RequestContext, "reqId">, fn: (ctx: RequestContext) => T): T {
  const ctx: RequestContext = { reqId: newRequestId(), ...fields };
  return storage().run(ctx, () => fn(ctx));
}

/** Runs `fn` in the current request context, or in a new one when there is none (a sign-in through next-auth's route). */
export function inRequestContext<T>(fields: Omit<RequestContext, "reqId">, fn: () => T): T {
  return storage().getStore() ? fn() : withRequestContext(fields, () => fn());
}

/** The context of the request being handled, if any (background work has none). */
export function currentRequestContext(): RequestContext | undefined {
  return storage().getStore();
}

/** Records who the request is from, once the session is resolved: later lines name them. */
export function setRequestUser(user: { id: string; email: string; role: string } | null | undefined): void {
  const ctx = storage().getStore();
  if (!ctx || !user) return;
  ctx.user = user.email;
  ctx.userId = user.id;
  ctx.role = user.role;
}

import type { z } from "./validation/zod";
import type { ActionName } from "./audit/vocabulary";
import type { Actor, InFlightGuard } from "./audit/append";
import type { ActiveUser } from "./auth/session";
import type { Db } from "./db/client";
import type { EnsClient } from "./ens/client";

// What a feature declares about one of its server actions (lib/<feature>/actions.ts); the one
// wrapper (lib/actions/safe-action.ts) turns it into the action, and lib/actions/<feature>.ts
// binds it in one line. Types only, so features never import the action layer.

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  /** The request's Accept-Language: the language of the answer when the user chose none; absent means English. */
  acceptLanguage?: string | null;
}

export interface ActionContext extends RequestInfo {
  user: ActiveUser;
  /** The caller as the audit log names them. */
  actor: Actor;
  operationId: string;
  db: Db;
  /** The ENS client of this deployment (the emulator in the demo and tests). */
  ens(): EnsClient;
  /** Records the ENS RequestId of the call that decided the outcome. */
  setEnsRequestId(id: string | undefined): void;
  /**
   * The mutating ENS call has answered, so the operation succeeded: its `completed` event is
   * written now, alongside the read-only work that follows (a read-back), not after it. The
   * result still waits for that write. `result` is what the log keeps beyond the outcome.
   */
  decided(ensRequestId: string | undefined, result?: unknown): void;
  /**
   * Runs `fn` once the action succeeded and its audit record is written, before the caller gets
   * the result: work the action starts that must follow its own record in the log (an approval
   * carrying out the request it approves). Its errors are logged, never the caller's.
   */
  afterAudit(fn: () => Promise<unknown>): void;
}

/**
 * The action's audit name, from the registry (lib/audit/vocabulary.ts), which also states its
 * permission: a name the registry does not hold does not compile. A name that depends on the
 * input (open or close) comes with the name a refused call is recorded under.
 */
type Named<I> = { name: ActionName; refusedName?: never } | { name: (input: I) => ActionName; refusedName: ActionName };

export type ActionSpec<S extends z.ZodType, T> = Named<z.output<S>> & {
  input: S;
  /** `operation`: requested before the work, completed after (ENS calls). `event`: one completed event. */
  audit?: "operation" | "event";
  target?: (input: z.output<S>) => { type: string; id: string } | null;
  /** The params kept in the audit log; defaults to the parsed input. Never put secrets here. */
  auditParams?: (input: z.output<S>) => unknown;
  /** What a success keeps in the audit log beyond its outcome. A failure keeps its error's details. */
  auditResult?: (data: T) => unknown;
  guard?: (input: z.output<S>) => InFlightGuard | null;
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<T>;
};

/**
 * A valid input for each action a feature's schema.ts defines, by the action's name (for a name
 * that depends on the input, the name refusals are recorded under). The hostile-input corpus
 * (test/security/corpus.ts) reads every feature's examples and derives its malformed cases from them.
 */
export type ExampleInputs = Partial<Record<ActionName, Record<string, unknown>>>;

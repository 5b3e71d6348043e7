import type { z } from "./validation/zod";
import type { InFlightGuard } from "./audit/append";
import type { Permission } from "./auth/permissions";
import type { ActiveUser } from "./auth/session";
import type { Db } from "./db/client";

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

/** What every server action returns. Safe to import on the client. */
export interface ActionError {
  code: string;
  message: string;
  requestId?: string;
  retryable?: boolean;
  fieldErrors?: Record<string, string>;
  /** Structured detail of a failure, e.g. per-batch results of a partly failed share. */
  details?: unknown;
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

/** A failure the console itself raises, with a code and a message meant for the user. */
export class ConsoleError extends Error {
  readonly details?: unknown;
  readonly requestId?: string;
  /** Set when the change may have been made all the same (see `mayHaveBeenApplied`). */
  readonly uncertain: boolean;
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
    /** `details` reaches the client as `ActionError.details` (never secrets or internals); `requestId` is the ENS RequestId that decided the failure. */
    extra: { details?: unknown; requestId?: string; uncertain?: boolean } = {},
  ) {
    super(message);
    this.name = "ConsoleError";
    this.details = extra.details;
    this.requestId = extra.requestId;
    this.uncertain = extra.uncertain ?? false;
  }
}

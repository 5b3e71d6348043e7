/** What every server action returns. Safe to import on the client. */
export interface ActionError {
  code: string;
  message: string;
  requestId?: string;
  retryable?: boolean;
  fieldErrors?: Record<string, string>;
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

/** A failure the console itself raises, with a code and a message meant for the user. */
export class ConsoleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = "ConsoleError";
  }
}

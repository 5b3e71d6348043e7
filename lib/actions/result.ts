import type { ActionError } from "../errors";

export type { ActionError } from "../errors";
// Kept for the modules that still import it from here; new code imports it from lib/errors.
export { ConsoleError } from "../errors";

/** What every server action returns. Safe to import on the client. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

import { sql } from "drizzle-orm";
import type { Db } from "../db/handle";

// Not server-only: the users CLI (scripts/users.ts) ends sessions too, from its own process.

/** The NOTIFY channel of the live bus (lib/live/bus.ts), shared by every console process on the database. */
export const LIVE_CHANNEL = "aic_console_changes";

/** The bus message that tells every process to check its open streams' sessions again. */
export const SESSIONS_ENDED_MESSAGE = JSON.stringify({ sessionsEnded: true });

/**
 * Called inside the transaction that ends sessions (a sign-out, a disable, a new password): the
 * notification is delivered when that transaction commits, and only then, to every console
 * process on the database, this one included, whose live streams then check their sessions.
 */
export async function announceSessionsEnded(tx: Db): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${LIVE_CHANNEL}, ${SESSIONS_ENDED_MESSAGE})`);
}

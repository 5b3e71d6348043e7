import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { ConsoleError } from "../errors";
import { findLease } from "./leases";
import type { ExtendLoginInput } from "./schema";
import { MAX_LOGIN_MINUTES } from "./view";

export interface ExtendedLogin {
  instanceId: string;
  previousExpiresAt: string | null;
  expiresAt: string;
}

/**
 * Moves a held login's expiry: by minutes from its current expiry (or from now, once that has
 * passed), or to a time; never past 24 hours from now. A login whose expiry close failed becomes
 * active again; one being closed right now is refused.
 */
export async function extendLogin(db: Db, input: ExtendLoginInput, now = Date.now()): Promise<ExtendedLogin> {
  const lease = await findLease(db, input.instanceId);
  if (!lease)
    throw new ConsoleError("Console.LoginNotHeld", `The console holds no open login on ${input.instanceId}.`, undefined, {
      words: { key: "server.loginNotHeld", values: { instanceId: input.instanceId } },
    });
  if (lease.state === "closing") throw new ConsoleError("Console.LoginClosing");
  const current = lease.expiresAt ? new Date(lease.expiresAt).getTime() : null;
  const target = input.until ? Date.parse(input.until) : Math.max(now, current ?? now) + input.byMinutes! * 60_000;
  if (!(target > now) || target > now + MAX_LOGIN_MINUTES * 60_000) throw new ConsoleError("Console.ExpiryOutOfRange");
  const expiresAt = new Date(target).toISOString();
  const rows = await queryRows<{ instance_id: string }>(
    db,
    sql`UPDATE login_leases SET expires_at = ${expiresAt}::timestamptz, state = 'active', attempts = 0, next_attempt_at = NULL,
        last_error = NULL, close_operation_id = NULL, updated_at = clock_timestamp()
      WHERE instance_id = ${input.instanceId} AND state IN ('active', 'failed') RETURNING instance_id`,
  );
  // The expiry pass took it between the read and the update.
  if (!rows.length) throw new ConsoleError("Console.LoginClosing");
  return { instanceId: input.instanceId, previousExpiresAt: current === null ? null : new Date(current).toISOString(), expiresAt };
}

import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import type { EnsClient } from "../ens";
import { ConsoleError } from "../errors";
import { announce } from "../live/bus";
import { cancelPendingRequests } from "./record-start";
import { runningOffboarding, startOffboarding, type OffboardingDeps } from "./start-offboarding";

export interface OffboardResult {
  /** The job that closes the logins and deletes the keys; null when nothing was left to take. */
  operationId: string | null;
  logins: number;
  keys: number;
  requestsCancelled: number;
}

/**
 * `Revoke all access` (an admin, from the user's row): the user's pending requests cancelled and
 * their offboarding recorded on the engine at once, under `operationId` (the action's own audit
 * operation). Refused while another offboarding of theirs runs. Running it again once it ended
 * finds nothing and changes nothing.
 */
export async function offboardUser(
  db: Db,
  client: EnsClient,
  email: string,
  operationId: string,
  deps: OffboardingDeps,
): Promise<OffboardResult> {
  const [user] = await queryRows<{ id: string; email: string }>(db, sql`SELECT id, email FROM users WHERE email = ${email}`);
  if (!user)
    throw new ConsoleError("Console.NotFound", `No user ${email}.`, undefined, { words: { key: "server.noUser", values: { email } } });
  const busy = await runningOffboarding(db, user.id);
  if (busy) throw offboardingRunning(user.email, busy);
  const requestsCancelled = await db.transaction((tx) => cancelPendingRequests(tx as unknown as Db, user, operationId));
  if (requestsCancelled) announce("requests");
  const r = await startOffboarding(db, client, { operationId, user, cause: "manual", causeOperationId: null }, deps);
  if (r.state === "busy") throw offboardingRunning(user.email, r.jobId);
  if (r.state === "started") return { operationId: r.jobId, logins: r.logins, keys: r.keys, requestsCancelled };
  return { operationId: r.state === "recorded" ? r.jobId : null, logins: 0, keys: 0, requestsCancelled };
}

function offboardingRunning(email: string, operationId: string): ConsoleError {
  return new ConsoleError("Console.InProgress", `An offboarding of ${email} is already running (operation ${operationId}).`, undefined, {
    words: { key: "server.offboardingRunning", values: { email, operationId } },
  });
}

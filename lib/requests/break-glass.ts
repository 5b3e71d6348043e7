import "server-only";
import { sql } from "drizzle-orm";
import type { ActiveUser } from "../auth/session";
import { queryRows, type Db } from "../db/client";
import type { EnsClient } from "../ens";
import { ConsoleError, mayHaveTakenEffect } from "../errors";
import { notifyUsers, usersWithRoles } from "../inbox/notify";
import { announce } from "../live/bus";
import { setLogin, type SetLoginResult } from "../logins/set-login";
import { readPolicy } from "../policy/policy";
import { requirePersonalKey } from "../personal-keys/require-personal-key";
import type { BreakGlassInput } from "./schema";

/**
 * Break-glass: an operator opens login at once, without approval, for at most an hour and with a
 * reason of 20 characters or more. The open is an ordinary audited login change (its lease expires
 * like any other); it then waits on the `To review` list until an admin marks it reviewed, and
 * every approver is told.
 */
export async function breakGlassLogin(
  db: Db,
  ens: EnsClient,
  input: BreakGlassInput,
  decided: (requestId: string, result?: unknown) => void,
  by: { user: ActiveUser; auditOperationId: string },
): Promise<SetLoginResult> {
  if (!(await readPolicy(db)).breakGlass) throw new ConsoleError("Console.BreakGlassDisabled");
  await requirePersonalKey(db, by.user.id, input);
  const actor = { id: by.user.id, email: by.user.email, role: by.user.role };
  // On the review list before ENS is asked: an open whose answer is lost is reviewed all the same.
  await db.execute(
    sql`INSERT INTO break_glass_opens (audit_operation_id, instance_id, actor_id, actor_email, reason)
      VALUES (${by.auditOperationId}::uuid, ${input.instanceId}, ${by.user.id}::uuid, ${by.user.email}, ${input.reason})
      ON CONFLICT DO NOTHING`,
  );
  let result: SetLoginResult;
  try {
    result = await setLogin(
      ens,
      {
        instanceId: input.instanceId,
        action: "open",
        keyName: input.keyName,
        keyGroup: input.keyGroup,
        reason: input.reason,
        expiresAt: input.expiresAt,
      },
      decided,
      { db, actor, auditOperationId: by.auditOperationId },
    );
  } catch (e) {
    // Certainly not opened: nothing to review.
    if (!mayHaveTakenEffect(e))
      await db.execute(sql`DELETE FROM break_glass_opens WHERE audit_operation_id = ${by.auditOperationId}::uuid`);
    throw e;
  }
  await notifyUsers(db, await usersWithRoles(db, ["operator", "admin"], by.user.id), {
    kind: "break_glass",
    subject: by.auditOperationId,
    params: { actor: by.user.email, instance: input.instanceId, reason: input.reason, href: "/requests?tab=review" },
  });
  announce("requests");
  return result;
}

/** An admin marks a break-glass open reviewed, with what they found. Once. */
export async function reviewBreakGlass(
  db: Db,
  input: { operationId: string; comment: string },
  user: ActiveUser,
): Promise<{ operationId: string; instanceId: string }> {
  const rows = await queryRows<{ instance_id: string }>(
    db,
    sql`UPDATE break_glass_opens SET reviewed_at = clock_timestamp(), reviewed_by = ${user.email}, review_comment = ${input.comment}
      WHERE audit_operation_id = ${input.operationId}::uuid AND reviewed_at IS NULL RETURNING instance_id`,
  );
  if (!rows.length) {
    const [exists] = await queryRows<{ n: number }>(
      db,
      sql`SELECT 1 AS n FROM break_glass_opens WHERE audit_operation_id = ${input.operationId}::uuid`,
    );
    throw exists
      ? new ConsoleError("Console.RequestClosed", "This break-glass login has already been reviewed.", undefined, {
          words: { key: "server.alreadyReviewed" },
        })
      : new ConsoleError("Console.NotFound");
  }
  announce("requests");
  return { operationId: input.operationId, instanceId: rows[0].instance_id };
}

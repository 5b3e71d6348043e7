import { withAudit } from "../audit/append";
import { hashPassword } from "../auth/password";
import { countUsers, insertUser } from "../auth/users";
import { config, type Env } from "../config";
import type { Db } from "../db/client";
import { bootstrapActor, userChangeEvent } from "./audit-user-change";

/**
 * The scripted first admin, on a database with no user yet; audited like any other new user, in
 * the same transaction. The count is taken under the audit lock, so two replicas starting together
 * make one admin.
 */
export async function createBootstrapAdmin(db: Db, env?: Env): Promise<boolean> {
  const { CONSOLE_BOOTSTRAP_ADMIN_EMAIL: email, CONSOLE_BOOTSTRAP_ADMIN_PASSWORD: password } = config(env);
  if (!email || !password || (await countUsers(db)) > 0) return false;
  const passwordHash = await hashPassword(password);
  return withAudit(db, async (audited, audit) => {
    const tx = audited as unknown as Db;
    if ((await countUsers(tx)) > 0) return false;
    await insertUser(tx, { email, role: "admin", passwordHash });
    await audit(userChangeEvent({ actor: bootstrapActor, action: "user.create", email, params: { role: "admin", bootstrap: true } }));
    return true;
  });
}

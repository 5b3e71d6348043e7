import { bindSsoIdentity, findUserBySsoIdentity } from "../auth/users";
import type { Db } from "../db/client";
import { ConsoleError } from "../errors";
import { existingUser, inTransaction } from "./existing-user";

/**
 * Lets an SSO identity (issuer and subject) sign in as an existing user, e.g. a password account.
 * Only the users CLI links identities (`link-sso`); SSO sign-in binds one itself on first use.
 */
export async function linkSsoIdentity(db: Db, input: { email: string; issuer: string; subject: string }) {
  return inTransaction(db, async (tx) => {
    const user = await existingUser(tx, input.email);
    const holder = await findUserBySsoIdentity(tx, input.issuer, input.subject);
    if (holder && holder.id !== user.id)
      throw new ConsoleError("Console.Conflict", `That SSO identity is already linked to ${holder.email}.`, undefined, {
        words: { key: "server.ssoAlreadyLinked", values: { email: holder.email } },
      });
    await bindSsoIdentity(tx, user.id, { issuer: input.issuer, subject: input.subject });
    return { email: user.email, issuer: input.issuer, subject: input.subject };
  });
}

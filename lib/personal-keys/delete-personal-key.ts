import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import type { EnsClient } from "../ens";
import { ConsoleError } from "../errors";
import { deleteKey } from "../keys/delete-key";

/**
 * Deletes one of the user's own keys from ENS (refused while it is delivered, as any key), then
 * marks it deleted; the row stays, so History and the access report can still say whose it was.
 */
export async function deletePersonalKey(
  db: Db,
  client: EnsClient,
  keyName: string,
  ownerId: string,
): Promise<{ keyName: string; requestId: string }> {
  const [row] = await queryRows<{ user_id: string }>(
    db,
    sql`SELECT user_id FROM personal_keys WHERE key_name = ${keyName} AND deleted_at IS NULL`,
  );
  if (!row || row.user_id !== ownerId)
    throw new ConsoleError("Console.NotFound", `You have no key ${keyName}.`, undefined, {
      words: { key: "server.noPersonalKey", values: { keyName } },
    });
  const res = await deleteKey(client, keyName);
  await db.execute(sql`UPDATE personal_keys SET deleted_at = clock_timestamp() WHERE key_name = ${keyName}`);
  return res;
}

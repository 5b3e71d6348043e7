import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { ConsoleError } from "../errors";
import { readPolicy } from "../policy/policy";

/**
 * Where the policy says `personal keys only`, a login is opened (or requested) with the user's
 * own personal key and nothing else: no shared key, no key group. Checked before ENS is asked.
 */
export async function requirePersonalKey(
  db: Db,
  userId: string,
  key: { keyName?: string | null; keyGroup?: string | null },
): Promise<void> {
  if (!(await readPolicy(db)).personalKeysOnly) return;
  if (key.keyGroup || !key.keyName) throw new ConsoleError("Console.PersonalKeyRequired");
  const [own] = await queryRows<{ n: number }>(
    db,
    sql`SELECT 1 AS n FROM personal_keys WHERE key_name = ${key.keyName} AND user_id = ${userId}::uuid AND deleted_at IS NULL`,
  );
  if (!own) throw new ConsoleError("Console.PersonalKeyRequired");
}

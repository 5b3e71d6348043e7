import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import type { EnsClient } from "../ens";
import { ConsoleError, mayHaveTakenEffect } from "../errors";
import { invalidateKeys } from "../keys/read";
import { fingerprintOf } from "./fingerprint";
import { personalKeyName } from "./key-name";
import type { UploadPersonalKeyInput } from "./schema";

export interface UploadedPersonalKey {
  keyName: string;
  fingerprint: string;
  requestId: string;
}

/**
 * Uploads one of the user's own keys to ENS under a name that says whose it is. The owner row is
 * written first (so a key whose upload answer is lost is still known as theirs), and removed when
 * ENS certainly refused.
 */
export async function uploadPersonalKey(
  db: Db,
  client: EnsClient,
  input: UploadPersonalKeyInput,
  owner: { id: string; email: string },
): Promise<UploadedPersonalKey> {
  const keyName = personalKeyName(owner.id, input.name);
  const fingerprint = fingerprintOf(input.content);
  const inserted = await queryRows<{ key_name: string }>(
    db,
    sql`INSERT INTO personal_keys (key_name, user_id, user_email, name, key_type, fingerprint)
      VALUES (${keyName}, ${owner.id}::uuid, ${owner.email}, ${input.name}, 'adb', ${fingerprint})
      ON CONFLICT (key_name) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, deleted_at = NULL, uploaded_at = NULL, created_at = clock_timestamp()
        WHERE personal_keys.deleted_at IS NOT NULL
      RETURNING key_name`,
  );
  if (!inserted.length)
    throw new ConsoleError("Console.Conflict", `You already have a key named ${input.name}.`, undefined, {
      words: { key: "server.personalKeyExists", values: { name: input.name } },
    });
  try {
    const res = await client.uploadAicPublicKey({
      KeyName: keyName,
      KeyType: "adb",
      Content: input.content,
      Description: `personal key of ${owner.email}`,
    });
    await db.execute(sql`UPDATE personal_keys SET uploaded_at = clock_timestamp() WHERE key_name = ${keyName}`);
    return { keyName, fingerprint, requestId: res.RequestId };
  } catch (e) {
    if (!mayHaveTakenEffect(e)) await db.execute(sql`DELETE FROM personal_keys WHERE key_name = ${keyName} AND uploaded_at IS NULL`);
    throw e;
  } finally {
    invalidateKeys();
  }
}

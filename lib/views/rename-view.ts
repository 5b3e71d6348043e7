import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { ConsoleError } from "../errors";
import type { Role } from "../roles";
import { isUniqueViolation, manageableView } from "./manage";
import type { RenameViewInput } from "./schema";

/** Renames a view (its owner; an admin, a shared one); the owner's other views keep their names. */
export async function renameView(
  db: Db,
  input: RenameViewInput,
  user: { id: string; role: Role },
): Promise<{ viewId: string; name: string; previousName: string }> {
  const view = await manageableView(db, input.viewId, user);
  try {
    const rows = await queryRows<{ id: string }>(
      db,
      sql`UPDATE saved_views SET name = ${input.name}, updated_at = clock_timestamp() WHERE id = ${input.viewId}::uuid RETURNING id`,
    );
    if (!rows.length) throw new ConsoleError("Console.NotFound");
  } catch (e) {
    if (isUniqueViolation(e)) throw new ConsoleError("Console.Conflict");
    throw e;
  }
  return { viewId: input.viewId, name: input.name, previousName: view.name };
}

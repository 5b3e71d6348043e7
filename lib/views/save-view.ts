import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { ConsoleError } from "../errors";
import type { SaveViewInput } from "./schema";

export interface SavedViewResult {
  viewId: string;
  name: string;
  query: string;
  shared: boolean;
}

/** Saves the list's view under a name of the owner's; a name they already use is a conflict. */
export async function saveView(db: Db, input: SaveViewInput, owner: { id: string; email: string }): Promise<SavedViewResult> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`INSERT INTO saved_views (id, owner_id, owner_email, name, query, shared)
      VALUES (${input.viewId}::uuid, ${owner.id}::uuid, ${owner.email}, ${input.name}, ${input.query}, ${input.shared})
      ON CONFLICT (owner_id, name) DO NOTHING RETURNING id`,
  );
  if (!rows.length) throw new ConsoleError("Console.Conflict");
  return { viewId: input.viewId, name: input.name, query: input.query, shared: input.shared };
}

import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { ConsoleError } from "../errors";
import type { Role } from "../roles";
import { manageableView } from "./manage";

/** Deletes a view (its owner; an admin, a shared one). Links to it then show the unfiltered list. */
export async function deleteView(
  db: Db,
  viewId: string,
  user: { id: string; role: Role },
): Promise<{ viewId: string; name: string; ownerId: string }> {
  const view = await manageableView(db, viewId, user);
  const rows = await queryRows<{ id: string }>(db, sql`DELETE FROM saved_views WHERE id = ${viewId}::uuid RETURNING id`);
  if (!rows.length) throw new ConsoleError("Console.NotFound");
  return { viewId, name: view.name, ownerId: view.ownerId };
}

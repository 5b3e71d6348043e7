import "server-only";
import { sql } from "drizzle-orm";
import { getDb, queryRows, type Db } from "../db/client";
import type { Role } from "../roles";
import { mayManage } from "./manage";
import type { AppliedView, SavedViewItem, SavedViewsMenu } from "./view";

/** A saved view as stored: `query` is the instance list's URL parameters (lib/instances/list-params.ts `parseView`). */
export interface SavedView {
  id: string;
  name: string;
  ownerId: string;
  shared: boolean;
  query: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One saved view by id, whoever owns it (no visibility check: the caller decides, as a schedule
 * resolves its view's filter at each run). Null when there is none.
 */
export async function getSavedView(db: Db, id: string): Promise<SavedView | null> {
  if (!UUID.test(id)) return null;
  const [row] = await queryRows<{ id: string; name: string; owner_id: string; shared: boolean; query: string }>(
    db,
    sql`SELECT id, name, owner_id, shared, query FROM saved_views WHERE id = ${id}::uuid`,
  );
  return row ? { id: row.id, name: row.name, ownerId: row.owner_id, shared: row.shared, query: row.query } : null;
}

/** Whether `user` sees the view: their own, or a shared one. */
export function visibleTo(view: { ownerId: string; shared: boolean }, user: { id: string }): boolean {
  return view.shared || view.ownerId === user.id;
}

/** The views `user` sees: their own (private or shared) and everyone's shared ones; by name. */
export async function listVisibleViews(db: Db, user: { id: string; role: Role }): Promise<SavedViewItem[]> {
  const rows = await queryRows<{ id: string; name: string; owner_id: string; owner_email: string; shared: boolean; query: string }>(
    db,
    sql`SELECT id, name, owner_id, owner_email, shared, query FROM saved_views
      WHERE owner_id = ${user.id}::uuid OR shared ORDER BY name, owner_email, id LIMIT 1000`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    query: r.query,
    shared: r.shared,
    ownerEmail: r.owner_email,
    mine: r.owner_id === user.id,
    manageable: mayManage({ ownerId: r.owner_id, shared: r.shared }, user),
  }));
}

/** The page's read: the Views menu of the signed-in user. */
export async function readViewsMenu(user: { id: string; role: Role }): Promise<SavedViewsMenu> {
  const all = await listVisibleViews(await getDb(), user);
  return { mine: all.filter((v) => v.mine), shared: all.filter((v) => !v.mine) };
}

/** The page's read: the view `/instances?view=<id>` names, if `user` may see it. */
export async function readAppliedView(id: string, user: { id: string }): Promise<AppliedView> {
  const view = await getSavedView(await getDb(), id);
  if (!view || !visibleTo(view, user)) return { id, missing: true };
  return { id: view.id, name: view.name, query: view.query };
}

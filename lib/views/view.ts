// What the instance list renders about saved views, and how a saved view's query becomes the
// list's view. Client-safe.

import { parseView, viewToSearch } from "../instances/list-params";

/** A saved view as the list's Views menu shows it. */
export interface SavedViewItem {
  id: string;
  name: string;
  /** The list's URL parameters without `?` (`login=open&sort=name`). */
  query: string;
  shared: boolean;
  ownerEmail: string;
  /** The signed-in user's own view. */
  mine: boolean;
  /** The signed-in user may rename and delete it (their own; an admin, any shared one). */
  manageable: boolean;
}

/** The Views menu: the user's own views, then the shared views of others. */
export interface SavedViewsMenu {
  mine: SavedViewItem[];
  shared: SavedViewItem[];
}

/** The view `/instances?view=<id>` applies: found and visible, or not. */
export type AppliedView = { id: string; name: string; query: string } | { id: string; missing: true };

/** The saved form of a view: its URL parameters as the list writes them, without `?`. */
export function normalizeQuery(query: string): string {
  return viewToSearch(parseView(new URLSearchParams(query.replace(/^\?/, "")))).replace(/^\?/, "");
}

/**
 * The list's parameters for a URL that names a saved view: the view's own, then any other
 * parameter of the URL in place of the view's parameter of the same name (`view` itself dropped).
 */
export function withSavedQuery(query: string, url: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(query);
  const others = [...url.keys()].filter((k) => k !== "view");
  for (const k of new Set(others)) {
    out.delete(k);
    for (const v of url.getAll(k)) out.append(k, v);
  }
  return out;
}

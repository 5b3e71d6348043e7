import { decodeCursor, type Cursor } from "./query";

export type PageCursors = { ok: true; before: Cursor | null; after: Cursor | null } | { ok: false; message: string };

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

export const BAD_CURSOR_MESSAGE =
  "This page link is not valid: its position in the history was changed or cut short. Start again from the newest operations.";

/** The `before`/`after` paging cursors of a URL: absent, valid, or refused (never passed on to SQL). */
export function parsePageCursors(sp: SearchParamsLike): PageCursors {
  const get = (k: string) => {
    if (sp instanceof URLSearchParams) return sp.getAll(k);
    const v = sp[k];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const out: { before: Cursor | null; after: Cursor | null } = { before: null, after: null };
  for (const k of ["before", "after"] as const) {
    const values = get(k);
    if (!values.length) continue;
    const c = values.length === 1 ? decodeCursor(values[0]) : null;
    if (!c) return { ok: false, message: BAD_CURSOR_MESSAGE };
    out[k] = c;
  }
  if (out.before && out.after) return { ok: false, message: BAD_CURSOR_MESSAGE };
  return { ok: true, ...out };
}

/** The number of rows a history page shows: the URL may ask for fewer, never for more. */
export const HISTORY_PAGE_MAX = 100;
export const HISTORY_PAGE_DEFAULT = 50;

export function pageLimit(raw: string | string[] | undefined | null): number {
  const v = Array.isArray(raw) ? raw[0] : raw;
  const n = v && /^\d{1,6}$/.test(v) ? Number(v) : HISTORY_PAGE_DEFAULT;
  return Math.min(Math.max(n, 1), HISTORY_PAGE_MAX);
}

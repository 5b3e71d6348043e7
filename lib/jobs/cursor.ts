// The /operations list's paging cursor: base64url of `<created_at ISO>|<job id>`. Client-safe
// (no Buffer): the list filter's schema, which the browser loads too, checks it.

const AT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LENGTH = 200;

export interface JobCursor {
  at: string;
  id: string;
}

export function encodeJobCursor(createdAt: Date | string, id: string): string {
  return btoa(`${new Date(createdAt).toISOString()}|${id}`)
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * A cursor this module wrote, or null. Strict, so whatever reaches SQL is a timestamp and a uuid
 * PostgreSQL accepts: JavaScript's Date takes much more (years past 9999, "1", Feb 31).
 */
export function decodeJobCursor(s: string | undefined | null): JobCursor | null {
  if (!s || s.length > MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(s)) return null;
  let text: string;
  try {
    text = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const [at, id, ...rest] = text.split("|");
  const year = AT.exec(at ?? "")?.[1];
  if (rest.length || !year || Number(year) < 1900 || !UUID.test(id ?? "")) return null;
  const time = new Date(at);
  return !Number.isNaN(time.getTime()) && time.toISOString() === at ? { at, id } : null;
}

export const isJobCursor = (s: string): boolean => decodeJobCursor(s) !== null;

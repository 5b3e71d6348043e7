import "server-only";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { cache } from "react";
import { getDb } from "../db/client";
import type { UserRow } from "../db/schema";
import { auth } from "./auth";
import { findSessionUser } from "./users";
import { activeSession, cookieJar, findSessionCookie } from "./session-cookie";

export interface ActiveUser {
  id: string;
  email: string;
  role: UserRow["role"];
  name: string | null;
  /** The console language the user chose; null follows the browser. */
  locale?: UserRow["locale"];
}

/**
 * The signed-in user as the database sees them now: a disabled or deleted user, a changed role or
 * a signed-out session takes effect on the next request rather than when the token expires.
 */
export async function getActiveUser(): Promise<ActiveUser | null> {
  const found = findSessionCookie(cookieJar((await headers()).get("cookie")));
  if (!found) return null;
  const session = found === "chunked" ? await auth().then((s) => s && { uid: s.user?.id, loginAt: s.loginAt }) : await activeSession(found);
  const uid = session?.uid;
  if (typeof uid !== "string" || !uid) return null;
  const user = await findSessionUser(await getDb(), uid, Number(session?.loginAt));
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, role: user.role, name: user.name, locale: user.locale ?? null };
}

/**
 * The active user, read once per page render: the page's `requireUser` and next-intl's language
 * (lib/auth/request-locale.ts) share one session check and user query. Actions and read routes
 * call getActiveUser themselves (outside a render, React's cache would not hold anyway).
 */
export const renderUser = cache(getActiveUser);

/** For pages: the active user, or a redirect to the login page that comes back here. */
export async function requireUser(): Promise<ActiveUser> {
  const user = await renderUser();
  if (!user) {
    const h = await headers();
    const back = h.get("x-console-path") ?? "/instances";
    redirect(`/login?next=${encodeURIComponent(back)}`);
  }
  return user;
}

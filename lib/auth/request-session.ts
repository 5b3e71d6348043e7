import "server-only";
import { getDb } from "../db/client";
import { auth } from "./auth";
import { activeSession, cookieJar, findSessionCookie } from "./session-cookie";
import { sessionSettings } from "./settings";
import { findSessionUser } from "./users";

/** Which session a request belongs to: its user and the time that session signed in. */
export interface SessionId {
  uid: string;
  loginAt: number;
}

/**
 * The session of the request's cookie, read the way getActiveUser reads it (a chunked cookie
 * through Auth.js). Call it after the user was found active: this names the session, it does not
 * check it against the database.
 */
export async function requestSession(req: Request): Promise<SessionId | null> {
  const found = findSessionCookie(cookieJar(req.headers.get("cookie")));
  if (!found) return null;
  const token = found === "chunked" ? await auth().then((s) => s && { uid: s.user?.id, loginAt: s.loginAt }) : await activeSession(found);
  const uid = token?.uid;
  const loginAt = Number(token?.loginAt);
  return typeof uid === "string" && uid && Number.isSafeInteger(loginAt) ? { uid, loginAt } : null;
}

/** Whether a session is still good: not signed out or ended by a reset or disable, its user enabled, within its maximum age. */
export async function sessionStillActive(s: SessionId, now = Date.now()): Promise<boolean> {
  if (now - s.loginAt > sessionSettings().maxAgeMs) return false;
  const user = await findSessionUser(await getDb(), s.uid, s.loginAt);
  return !!user && !user.disabled;
}

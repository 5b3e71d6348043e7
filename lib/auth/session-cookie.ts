// Reading and rolling the session cookie without a round through Auth.js's request handler.
// Auth.js answers every session read by building a Request, running its whole handler and
// re-issuing the token; the proxy and the action wrapper need far less, on every request. The
// token format, cookie names and limits are Auth.js's own (jwt-codec.ts, sessionLimits below);
// a cookie Auth.js had to split in chunks is left to Auth.js.
import type { JWT } from "next-auth/jwt";
import { config } from "../config";
import { decode, encode } from "./jwt-codec";
import { sessionSettings } from "./settings";

const NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

export interface SessionCookie {
  name: string;
  value: string;
}

interface CookieJar {
  get(name: string): { value: string } | undefined;
  getAll(): Array<{ name: string }>;
}

/** The session cookie if it is in one piece, "chunked" if Auth.js split it, or null if there is none. */
export function findSessionCookie(jar: CookieJar): SessionCookie | "chunked" | null {
  for (const name of NAMES) {
    const c = jar.get(name);
    if (c) return { name, value: c.value };
  }
  return jar.getAll().some((c) => NAMES.some((n) => c.name.startsWith(`${n}.`))) ? "chunked" : null;
}

/**
 * The request's cookies from its Cookie header. Server actions read them here rather than through
 * `cookies()`: in an action that store is the response's mutable one, and using it made Next
 * render the whole page into the action's answer (5.3 KB instead of 171 bytes per toggle).
 */
export function cookieJar(header: string | null): CookieJar {
  const map = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!map.has(name)) map.set(name, part.slice(eq + 1).trim());
  }
  return {
    get: (name) => (map.has(name) ? { value: map.get(name)! } : undefined),
    getAll: () => [...map.keys()].map((name) => ({ name })),
  };
}

// The secret next-auth itself uses (next-auth/lib/env.js): AUTH_SECRET, else NEXTAUTH_SECRET.
const secret = () => config().AUTH_SECRET ?? config().NEXTAUTH_SECRET;

/**
 * The server-side limits of a session: signed in as someone, within the absolute limit since
 * login and the idle limit since the last request. Shared with Auth.js's jwt callback.
 */
export function sessionLimitsHold(token: JWT, now = Date.now()): boolean {
  const { idleMs, maxAgeMs } = sessionSettings();
  const loginAt = Number(token.loginAt ?? 0);
  const lastSeen = Number(token.lastSeen ?? 0);
  return Boolean(token.uid) && now - loginAt <= maxAgeMs && now - lastSeen <= idleMs;
}

/** The cookie's token, if it is intact and its session has not ended. */
export async function activeSession(cookie: SessionCookie, now = Date.now()): Promise<JWT | null> {
  const s = secret();
  if (!s) return null;
  const token = await decode({ token: cookie.value, secret: s, salt: cookie.name }).catch(() => null);
  return token && sessionLimitsHold(token, now) ? token : null;
}

const cookieOptions = (name: string) => ({ httpOnly: true, sameSite: "lax" as const, path: "/", secure: name.startsWith("__Secure-") });

/** The same session with its idle clock restarted, as Auth.js re-issues it (updateAge 0). */
export async function rolledCookie(cookie: SessionCookie, token: JWT, now = Date.now()) {
  const maxAge = Math.ceil(sessionSettings().maxAgeMs / 1000);
  const value = await encode({ token: { ...token, lastSeen: now }, secret: secret()!, salt: cookie.name, maxAge });
  return { name: cookie.name, value, options: { ...cookieOptions(cookie.name), expires: new Date(now + maxAge * 1000) } };
}

/** Removes an ended session's cookie, as Auth.js does when it meets one. */
export function clearedCookie(cookie: SessionCookie) {
  return { name: cookie.name, value: "", options: { ...cookieOptions(cookie.name), maxAge: 0 } };
}

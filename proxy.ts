import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig } from "@/lib/auth/auth.config";
import { BACKGROUND_HEADER } from "@/lib/background-fetch";
import { LIVE_EVENTS_PATH } from "@/lib/live/changes";
import { activeSession, clearedCookie, findSessionCookie, rolledCookie, type SessionCookie } from "@/lib/auth/session-cookie";
import { draining } from "@/lib/lifecycle";
import { contentSecurityPolicy, makeNonce, NONCE_HEADER, securityHeaders } from "@/lib/http/security-headers";

const { auth } = NextAuth(authConfig);

const PROBES = new Set(["/api/health", "/api/ready"]);

function isPublic(pathname: string): boolean {
  return pathname === "/login" || pathname.startsWith("/api/auth") || pathname === "/api/health";
}

/** Anonymous page visits go to the login page, keeping the page they asked for. */
function needsLogin(req: NextRequest, signedIn: boolean): URL | null {
  const { pathname, search } = req.nextUrl;
  const isAction = req.method === "POST" && req.headers.has("next-action");
  if (signedIn || isPublic(pathname) || pathname.startsWith("/api/") || isAction) return null;
  const url = new URL("/login", req.url);
  url.searchParams.set("next", pathname + search);
  if (req.cookies.getAll().some((c) => c.name.includes("authjs.session-token"))) url.searchParams.set("reason", "expired");
  return url;
}

/**
 * Tells pages their own path and this request's nonce. Next reads the nonce from the policy on the
 * request and puts it on the scripts it renders; the layout reads it for its own.
 */
function passOn(req: NextRequest, nonce: string): NextResponse {
  const headers = new Headers(req.headers);
  headers.set("x-console-path", req.nextUrl.pathname + req.nextUrl.search);
  headers.set(NONCE_HEADER, nonce);
  headers.set("content-security-policy", contentSecurityPolicy(nonce));
  return NextResponse.next({ request: { headers } });
}

// A session cookie Auth.js had to split in chunks goes through Auth.js's own middleware.
const withAuthjs = (nonce: string) =>
  auth((req) => {
    const login = needsLogin(req, Boolean(req.auth));
    return login ? NextResponse.redirect(login) : passOn(req, nonce);
  });

/**
 * Runs on every request: rolls the session's idle clock, sends anonymous page visits to the login
 * page, tells pages their own path, and sets the per-request security headers (a fresh CSP
 * nonce; no-store on the API; HSTS over HTTPS). Authorization itself is decided again, against
 * the database, by pages, route handlers and the action wrapper.
 */
export default async function proxy(req: NextRequest, event: NextFetchEvent) {
  const nonce = makeNonce();
  const res = await route(req, event, nonce);
  for (const [name, value] of Object.entries(securityHeaders(req, nonce))) res.headers.set(name, value);
  return res;
}

async function route(req: NextRequest, event: NextFetchEvent, nonce: string): Promise<Response> {
  // Shutting down (lib/shutdown.ts): nothing new starts; probes still answer, readiness with 503.
  if (draining() && !PROBES.has(req.nextUrl.pathname))
    return new NextResponse("AIC Console is restarting. Try again in a few seconds.", {
      status: 503,
      headers: { "retry-after": "5", connection: "close" },
    });
  // A malformed escape (`/images/%zz/share`) would crash route matching with a 500: it is the
  // client's mistake, so it gets a 400 here, before anything else runs.
  if (!decodable(req.nextUrl.pathname)) return new NextResponse("Bad request: the address has a malformed %-escape.", { status: 400 });
  // Background polling skips the session step, so an open tab does not keep an idle session alive.
  // Route handlers still check the session (and its idle clock) themselves.
  // The live-updates stream is background too (EventSource cannot send the header).
  if (
    req.method === "GET" &&
    ((req.headers.get(BACKGROUND_HEADER) === "1" && req.nextUrl.pathname.startsWith("/api/")) || req.nextUrl.pathname === LIVE_EVENTS_PATH)
  )
    return NextResponse.next();
  const found = findSessionCookie(req.cookies);
  if (found === "chunked") return (await withAuthjs(nonce)(req, event as never)) as Response;
  const token = found ? await activeSession(found) : null;
  const login = needsLogin(req, token !== null);
  const res = login ? NextResponse.redirect(login) : passOn(req, nonce);
  // Auth.js's own routes (sign-in, sign-out) set the cookie themselves. A request in flight at
  // sign-out may still bring a re-issued cookie back; the server refuses it (findSessionUser).
  if (found && !req.nextUrl.pathname.startsWith("/api/auth")) await setCookie(res, found, token);
  return res;
}

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

async function setCookie(res: NextResponse, found: SessionCookie, token: Awaited<ReturnType<typeof activeSession>>) {
  const c = token ? await rolledCookie(found, token) : clearedCookie(found);
  res.cookies.set(c.name, c.value, c.options);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico)$).*)"],
};

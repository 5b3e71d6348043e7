import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig } from "@/lib/auth/auth.config";
import { BACKGROUND_HEADER } from "@/lib/background-fetch";

const { auth } = NextAuth(authConfig);

function isPublic(pathname: string): boolean {
  return pathname === "/login" || pathname.startsWith("/api/auth") || pathname === "/api/health";
}

/**
 * Runs on every request: rolls the session's idle clock, sends anonymous page visits to the login
 * page (keeping the page they asked for), and tells pages their own path. Authorization itself
 * is decided again, against the database, by pages, route handlers and the action wrapper.
 */
const withSession = auth((req) => {
  const { pathname, search } = req.nextUrl;
  const isAction = req.method === "POST" && req.headers.has("next-action");
  if (!req.auth && !isPublic(pathname) && !pathname.startsWith("/api/") && !isAction) {
    const url = new URL("/login", req.url);
    url.searchParams.set("next", pathname + search);
    if (req.cookies.getAll().some((c) => c.name.includes("authjs.session-token"))) url.searchParams.set("reason", "expired");
    return NextResponse.redirect(url);
  }
  const headers = new Headers(req.headers);
  headers.set("x-console-path", pathname + search);
  return NextResponse.next({ request: { headers } });
});

// Background polling skips the session step, so an open tab does not keep an idle session alive.
// Route handlers still check the session (and its idle clock) themselves.
export default function proxy(req: NextRequest, event: NextFetchEvent) {
  if (req.method === "GET" && req.headers.get(BACKGROUND_HEADER) === "1" && req.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
  return withSession(req, event as never);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico)$).*)"],
};

import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";

/**
 * Auth.js builds its links (the OIDC redirect_uri, its redirects) from the request's URL. A
 * NextRequest's URL never says 127.0.0.1: Next rewrites loopback hosts to `localhost`
 * (next/dist/server/web/next-url.js), so the IdP would send the browser back to a host it never
 * used, whose cookies (state, PKCE) it does not have. Without AUTH_URL, Auth.js gets a plain
 * Request for the address the browser asked for (its Host header; `trustHost` is on), which is
 * also what Auth.js's own server-side URLs use.
 */
async function asRequested(req: NextRequest): Promise<NextRequest> {
  if (process.env.AUTH_URL || process.env.NEXTAUTH_URL) return req;
  // A proxy chain may list several values: the first is the client's.
  const first = (name: string) => req.headers.get(name)?.split(",")[0].trim() || null;
  const host = first("x-forwarded-host") ?? first("host");
  const given = new URL(req.url);
  if (!host || host === given.host) return req;
  const proto = (first("x-forwarded-proto") ?? given.protocol).replace(/:$/, "");
  if (proto !== "http" && proto !== "https") return req;
  let origin: string;
  try {
    origin = new URL(`${proto}://${host}`).origin;
  } catch {
    return req;
  }
  const body = req.method === "POST" ? await req.arrayBuffer() : undefined;
  // Auth.js reads only the URL, method, headers and body.
  return new Request(given.href.replace(given.origin, origin), { method: req.method, headers: req.headers, body }) as NextRequest;
}

export const GET = async (req: NextRequest) => handlers.GET(await asRequested(req));
export const POST = async (req: NextRequest) => handlers.POST(await asRequested(req));

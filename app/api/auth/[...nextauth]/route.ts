import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { trustedProxies } from "@/lib/auth/request-info";

/**
 * Auth.js builds its links (the OIDC redirect_uri, its redirects) from the request's URL. A
 * NextRequest's URL never says 127.0.0.1: Next rewrites loopback hosts to `localhost`
 * (next/dist/server/web/next-url.js), so the IdP would send the browser back to a host it never
 * used, whose cookies (state, PKCE) it does not have. Without AUTH_URL, Auth.js gets a plain
 * Request for the address the browser asked for: its Host header, or behind trusted proxies the
 * X-Forwarded-Host they set. Production should set AUTH_URL (README: Production).
 */
async function asRequested(req: NextRequest): Promise<NextRequest> {
  if (process.env.AUTH_URL || process.env.NEXTAUTH_URL) return req;
  // X-Forwarded-* are anyone's to send: believed only from trusted proxies (CONSOLE_TRUSTED_PROXIES),
  // as for the client address and HTTPS (lib/http/security-headers.ts). A chain lists the client's first.
  const behindProxy = trustedProxies() > 0;
  const first = (name: string) => req.headers.get(name)?.split(",")[0].trim() || null;
  const host = (behindProxy ? first("x-forwarded-host") : null) ?? first("host");
  const given = new URL(req.url);
  if (!host || host === given.host) return req;
  const proto = ((behindProxy ? first("x-forwarded-proto") : null) ?? given.protocol).replace(/:$/, "");
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

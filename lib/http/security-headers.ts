import { trustedProxies } from "../auth/request-info";

/** Request header that carries this request's CSP nonce to the root layout. */
export const NONCE_HEADER = "x-nonce";

/** 128 random bits, base64: a fresh one for every request the proxy sees. */
export function makeNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The page's policy. Scripts run only with this request's nonce (Next puts it on its own scripts
 * when it finds the policy on the request) or when such a script loads them ('strict-dynamic'):
 * an injected `<script>` has no nonce and does not run. Styles keep 'unsafe-inline', which React's
 * style attributes need. eval only in development (React's dev tooling).
 */
export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV !== "production"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

interface RequestLike {
  nextUrl: { protocol: string; pathname: string };
  headers: Headers;
}

/**
 * Whether the browser reached us over HTTPS. Next derives the URL's protocol from
 * X-Forwarded-Proto, which any client can send, so that header counts only when trusted proxies
 * (CONSOLE_TRUSTED_PROXIES) set it; without it, an https URL means TLS ended at this server.
 */
export function servedOverHttps(req: RequestLike, trusted = trustedProxies()): boolean {
  const forwarded = req.headers.get("x-forwarded-proto");
  if (forwarded === null) return req.nextUrl.protocol === "https:";
  if (trusted === 0) return false;
  // The nearest proxy's word: the last entry if a chain of proxies appended theirs.
  return forwarded.split(",").pop()!.trim().toLowerCase() === "https";
}

/** Headers the proxy adds to every answer it passes on, per request. */
export function securityHeaders(req: RequestLike, nonce: string, trusted = trustedProxies()): Record<string, string> {
  const h: Record<string, string> = { "Content-Security-Policy": contentSecurityPolicy(nonce) };
  // API answers are per user and per moment: no browser or shared cache may keep them.
  if (req.nextUrl.pathname.startsWith("/api/")) h["Cache-Control"] = "no-store";
  if (servedOverHttps(req, trusted)) h["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return h;
}

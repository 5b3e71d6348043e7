/** The caller's address as the console's own server saw it (Next sets x-forwarded-for). */
export function clientIp(headers: Headers): string | null {
  const fwd = headers.get("x-forwarded-for");
  const ip = fwd ? fwd.split(",")[0].trim() : headers.get("x-real-ip");
  if (!ip) return null;
  return ip.replace(/^::ffff:/, "").slice(0, 64);
}

import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Whether an Authorization header presents `Bearer <token>`. Compared in constant time over digests,
 * so neither the token's characters nor its length can be timed.
 */
export function bearerMatches(authorization: string | null, token: string): boolean {
  const presented = /^Bearer +(\S+) *$/i.exec(authorization ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(presented), digest(token)) && presented.length > 0;
}

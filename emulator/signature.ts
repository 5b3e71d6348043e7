// Scheme choice (ens-api.md §A.4 "Choosing the scheme").
import { errors } from "./errors";
import { type AccessKey, type NonceStore, type ParsedRequest, type VerifiedCaller, header } from "./signature-common";
import { verifyV1 } from "./signature-v1";
import { verifyV3 } from "./signature-v3";

/**
 * `Authorization: ACS3-…` → V3; else a `Signature` query/body parameter → V1; else
 * Choice (UNCONFIRMED): IncompleteSignature (400), also for a non-ACS3 Authorization header.
 */
export function verifyRequest(req: ParsedRequest, keys: Map<string, AccessKey>, nonces: NonceStore, now = Date.now()): VerifiedCaller {
  const auth = (header(req, "authorization") ?? "").trim();
  if (auth.startsWith("ACS3-")) return verifyV3(req, keys, nonces, now);
  const hasSignature = [...req.queryPairs, ...req.bodyPairs].some(([k]) => k === "Signature");
  if (hasSignature) return verifyV1(req, keys, nonces, now);
  throw errors.incompleteSignature();
}

/** The action a request claims, before any verification (for counting and fault matching). */
export function claimedAction(req: ParsedRequest): string {
  // Same source as dispatch: V3 → x-acs-action header; otherwise (V1) the Action parameter.
  const v3 = (header(req, "authorization") ?? "").trim().startsWith("ACS3-");
  let action = v3 ? header(req, "x-acs-action") : undefined;
  if (!v3) for (const [k, v] of [...req.queryPairs, ...req.bodyPairs]) if (k === "Action") action = v;
  action ??= header(req, "x-acs-action");
  return action && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(action) ? action : "unknown";
}

// ACS3-HMAC-SHA256 verification (ens-api.md §A.3), step by step.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { errors } from "./errors";
import { pct } from "./util";
import {
  type AccessKey,
  type NonceStore,
  type ParsedRequest,
  type VerifiedCaller,
  checkTimestamp,
  header,
  lookupKey,
} from "./signature-common";

const AUTH_RE = /^(ACS3-[A-Z0-9-]+) Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/;
const REQUIRED_SIGNED = ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"];

export function canonicalQuery(pairs: Array<[string, string]>): string {
  // Decoded names/values re-encoded with pct; sorted by name (byte order), stable for duplicates.
  const sorted = [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return sorted.map(([k, v]) => `${pct(k)}=${pct(v)}`).join("&");
}

export function verifyV3(req: ParsedRequest, keys: Map<string, AccessKey>, nonces: NonceStore, now: number): VerifiedCaller {
  // 1. Authorization format. Only ACS3-HMAC-SHA256 is implemented (SM3/RSA variants → IncompleteSignature).
  const m = AUTH_RE.exec((header(req, "authorization") ?? "").trim());
  if (!m || m[1] !== "ACS3-HMAC-SHA256") throw errors.incompleteSignature();
  const [, algorithm, credential, signedHeadersText, signature] = m;
  // 2. AccessKey.
  const accessKey = lookupKey(keys, credential);
  // 6 (checked early: a request must sign every common header).
  const signedHeaders = signedHeadersText.split(";");
  for (const h of REQUIRED_SIGNED) if (!signedHeaders.includes(h)) throw errors.incompleteSignature();
  // 3. Date.
  checkTimestamp(header(req, "x-acs-date"), now);
  // 4. Nonce.
  const nonce = header(req, "x-acs-signature-nonce") ?? "";
  if (!nonce) throw errors.incompleteSignature();
  if (nonces.has(accessKey.id, nonce, now)) throw errors.nonceUsed();
  // 5. Payload hash. Choice (UNCONFIRMED real code): a mismatch answers SignatureDoesNotMatch.
  const payloadHash = createHash("sha256").update(req.body).digest("hex");
  if (payloadHash !== (header(req, "x-acs-content-sha256") ?? "").trim().toLowerCase()) {
    throw errors.signatureMismatch();
  }
  // 6/7. Canonical request from the listed headers (in the listed order) and the re-encoded query.
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${(header(req, h) ?? "").trim()}\n`).join("");
  const canonicalRequest = [req.method, "/", canonicalQuery(req.queryPairs), canonicalHeaders, signedHeaders.join(";"), payloadHash].join(
    "\n",
  );
  const stringToSign = `${algorithm}\n${createHash("sha256").update(canonicalRequest).digest("hex")}`;
  const expected = createHmac("sha256", accessKey.secret).update(stringToSign).digest("hex");
  // 8. Constant-time compare.
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw errors.signatureMismatch();
  nonces.add(accessKey.id, nonce, now);
  // 9. Dispatch data.
  return {
    accessKey,
    action: header(req, "x-acs-action") ?? "",
    version: header(req, "x-acs-version") ?? "",
    scheme: "V3",
  };
}

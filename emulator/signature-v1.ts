// RPC HMAC-SHA1 ("V1", SDK signatureAlgorithm 'v2') verification (ens-api.md §A.4).
import { createHmac, timingSafeEqual } from "node:crypto";
import { errors } from "./errors";
import { pct } from "./util";
import { type AccessKey, type NonceStore, type ParsedRequest, type VerifiedCaller, checkTimestamp, lookupKey } from "./signature-common";

export function v1StringToSign(method: string, params: Array<[string, string]>): string {
  const sorted = params.filter(([k]) => k !== "Signature").sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const canonicalized = sorted.map(([k, v]) => `${pct(k)}=${pct(v)}`).join("&");
  return `${method}&${pct("/")}&${pct(canonicalized)}`;
}

export function verifyV1(req: ParsedRequest, keys: Map<string, AccessKey>, nonces: NonceStore, now: number): VerifiedCaller {
  // Query ∪ form body; body params are part of the signature (EXP #5).
  const all = [...req.queryPairs, ...req.bodyPairs];
  const get = (name: string) => {
    let v: string | undefined;
    for (const [k, val] of all) if (k === name) v = val;
    return v;
  };
  const signature = get("Signature") ?? "";
  // Choice (UNCONFIRMED codes): a wrong/missing SignatureMethod, SignatureVersion or SignatureNonce
  // answers IncompleteSignature.
  if (get("SignatureMethod") !== "HMAC-SHA1" || get("SignatureVersion") !== "1.0") throw errors.incompleteSignature();
  const accessKey = lookupKey(keys, get("AccessKeyId"));
  checkTimestamp(get("Timestamp"), now);
  const nonce = get("SignatureNonce") ?? "";
  if (!nonce) throw errors.incompleteSignature();
  if (nonces.has(accessKey.id, nonce, now)) throw errors.nonceUsed();
  const stringToSign = v1StringToSign(req.method, all);
  const expected = createHmac("sha1", `${accessKey.secret}&`).update(stringToSign).digest("base64");
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw errors.signatureMismatch(stringToSign);
  nonces.add(accessKey.id, nonce, now);
  return { accessKey, action: get("Action") ?? "", version: get("Version") ?? "", scheme: "V1" };
}

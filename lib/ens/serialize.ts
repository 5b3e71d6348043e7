import type { EnsAction } from "./types";

export type HttpMethod = "GET" | "POST";

/**
 * Per-action wire facts (ens-api.md Summary). `idempotent` says whether repeating a call whose outcome
 * is unknown (timeout, reset, garbled reply) is harmless; see retry policy in client.ts.
 */
export const ACTIONS: Record<EnsAction, { method: HttpMethod; idempotent: boolean }> = {
  DescribeARMServerInstances: { method: "GET", idempotent: true },
  DescribeAICImages: { method: "POST", idempotent: true },
  ListAICPublicKeys: { method: "POST", idempotent: true },
  ListAICPublicKeyDeliveries: { method: "POST", idempotent: true },
  // open/close converge on the same delivery rows when repeated; a repeated share re-records the same UIDs.
  ManageAICLogin: { method: "POST", idempotent: true },
  ShareAICImage: { method: "POST", idempotent: true },
  // A repeat after an unseen success fails as a duplicate / unknown key, hiding the success.
  UploadAICPublicKey: { method: "POST", idempotent: false },
  DeleteAICPublicKey: { method: "POST", idempotent: false },
  // A repeat would reboot/reset the instance a second time.
  RebootAICInstance: { method: "GET", idempotent: false },
  ResetAICInstance: { method: "GET", idempotent: false },
};

/**
 * Turns a typed request into the flat string map the SDK puts in the query string:
 * arrays and objects become one JSON text parameter (`style: json`), booleans `true`/`false`,
 * numbers decimal text; undefined/null are dropped.
 */
export function toWireParams(req: object | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!req) return out;
  for (const [name, value] of Object.entries(req)) {
    if (value === undefined || value === null) continue;
    if (typeof value === "string") out[name] = value;
    else if (typeof value === "boolean") out[name] = value ? "true" : "false";
    else if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new TypeError(`${name} must be a finite number`);
      out[name] = String(Math.trunc(value));
    } else if (typeof value === "bigint") out[name] = value.toString();
    else if (typeof value === "object") out[name] = JSON.stringify(value);
    else throw new TypeError(`${name} has unsupported type ${typeof value}`);
  }
  return out;
}

import type { AuditEventView } from "./event-view";

// What the resolution pass found for an operation whose outcome was `unknown`: its `resolved`
// event says it in its params (`found`, `reason`) and as an outcome. No database code here: the
// offline export check reads it too.

export interface Resolution {
  found: "applied" | "not applied" | "unknown";
  at: string;
  reason: string;
}

export function resolutionOf(r: AuditEventView | null): Resolution | null {
  if (!r) return null;
  const p = (r.params ?? {}) as { found?: string; reason?: string };
  const found = p.found === "applied" || p.found === "not applied" ? p.found : "unknown";
  return { found, at: new Date(r.at).toISOString(), reason: typeof p.reason === "string" ? p.reason : "" };
}

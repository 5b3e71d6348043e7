import { can } from "../auth/permissions";
import type { Role } from "../roles";
import type { AccessPolicy } from "./schema";

// How a user gets a login or a share under the policy: at once, by a request someone else
// approves, or not at all. Client-safe, so pages pass the answer to their dialogs.

export type AccessMode = "direct" | "request" | "none";

export function accessModeFor(policy: AccessPolicy, role: Role | null | undefined, kind: "login" | "share"): AccessMode {
  const direct = can(role, kind === "login" ? "login.set" : "images.share");
  const mode = kind === "login" ? policy.loginMode : policy.shareMode;
  if (direct && mode === "direct") return "direct";
  return can(role, "access.request") ? "request" : "none";
}

/** Break-glass: those who may open directly, where the policy allows it. */
export function mayBreakGlass(policy: AccessPolicy, role: Role | null | undefined): boolean {
  return policy.breakGlass && can(role, "login.set");
}

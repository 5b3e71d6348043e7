import type { Selection } from "../jobs/schema";

// What a request asks for, as stored in access_requests.details: the submitted selection (resolved
// again when it is carried out) or the image and its user IDs, exactly as approvers see them.

export type StoredDetails =
  | {
      kind: "login";
      selection: Selection;
      /** describeSelection's words at the time of the request. */
      described: string;
      count: number;
      keyName: string | null;
      keyGroup: string | null;
      durationMinutes: number;
    }
  | { kind: "share"; imageId: string; users: string[] };

/** The roles that may approve under the policy's `approvers`. */
export function approverRoles(approvers: "operators" | "admins"): string[] {
  return approvers === "admins" ? ["admin"] : ["operator", "admin"];
}

/** One line for notifications and logs: "login on aic-1 (60 min)", "share of m-… with 3 user IDs". */
export function describeAsk(d: StoredDetails): string {
  if (d.kind === "login") return `login on ${d.described} (${d.durationMinutes} min)`;
  return `share of ${d.imageId} with ${d.users.length} user ID${d.users.length === 1 ? "" : "s"}`;
}

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
  | { kind: "share"; imageId: string; users: string[] }
  /** A schedule that opens logins, approved once (not per run). */
  | {
      kind: "schedule";
      scheduleId: string;
      name: string;
      viewName: string;
      durationMinutes: number | null;
      repeat: string | null;
      reason?: string;
    };

/** The roles that may approve under the policy's `approvers`. */
export function approverRoles(approvers: "operators" | "admins"): string[] {
  return approvers === "admins" ? ["admin"] : ["operator", "admin"];
}

/** What a notification about the request names (messages inbox.kinds.request_waiting), in no language. */
export function askValues(d: StoredDetails): Record<string, string | number> {
  if (d.kind === "share") return { kind: "share", image: d.imageId, users: d.users.length };
  if (d.kind === "schedule") return { kind: "schedule", schedule: d.name, view: d.viewName, minutes: d.durationMinutes ?? 0 };
  const one = "ids" in d.selection && d.count === 1 ? d.selection.ids[0] : "";
  return { kind: "login", count: d.count, instance: one, minutes: d.durationMinutes };
}

// The audit vocabulary: every action name the log may hold, stated once. Client-safe (no server
// imports), so the History filter can list it. `NewEvent.action` is typed from it.
import type { Permission } from "../auth/permissions";

export type AuditTargetType = "instance" | "image" | "key" | "user" | "operation" | "request" | "view" | "schedule" | "destination";

export interface AuditActionSpec {
  /** What a console user needs to perform it; null when nobody calls it (sign-in, the console itself). */
  readonly permission: Permission | null;
  /** The type of the event's target when it names one. */
  readonly target: AuditTargetType | null;
  /** What the History UI calls it. */
  readonly label: string;
  /** False while nothing performs it yet: named so the vocabulary is complete, kept out of the UI. */
  readonly performed?: false;
}

export const AUDIT_ACTIONS = {
  "login.open": { permission: "login.set", target: "instance", label: "Open login" },
  "login.close": { permission: "login.set", target: "instance", label: "Close login" },
  // A refused login change whose input named neither open nor close (the spec's permission name).
  "login.set": { permission: "login.set", target: "instance", label: "Open or close login" },
  "image.share": { permission: "images.share", target: "image", label: "Share image" },
  "key.upload": { permission: "keys.manage", target: "key", label: "Upload key" },
  "key.delete": { permission: "keys.manage", target: "key", label: "Delete key" },
  "login.extend": { permission: "login.set", target: "instance", label: "Extend login" },
  "login.adopt": { permission: "login.set", target: "instance", label: "Adopt login" },
  // The drift pass (actor system:drift): a login open on ENS that no console operation opened. Once per finding.
  "login.drift_found": { permission: null, target: "instance", label: "Login opened outside the console" },
  "instance.reboot": { permission: "instances.power", target: "instance", label: "Reboot instance" },
  "instance.reset": { permission: "instances.power", target: "instance", label: "Reset instance" },
  // Submitting a job to the engine (bulk login, reboot, reset); each of its items is audited on its own, linked by bulk_id.
  "operation.start_login": { permission: "login.set", target: null, label: "Start bulk login change" },
  "operation.start_power": { permission: "instances.power", target: null, label: "Start reboot or reset" },
  "operation.cancel": { permission: "operations.cancel", target: "operation", label: "Cancel operation" },
  // Follow-ups of a finished job, each a new job linked to it (lib/jobs/follow-up.ts).
  "operation.retry_failed": { permission: "operations.follow_up", target: "operation", label: "Retry failed items" },
  "operation.revert": { permission: "operations.follow_up", target: "operation", label: "Revert operation" },
  // Read routes: reads are not audited, so these names appear on denied requests only.
  "fleet.read": { permission: "fleet.read", target: null, label: "Read the fleet" },
  "instance.read": { permission: "fleet.read", target: null, label: "Read an instance" },
  "keys.read": { permission: "fleet.read", target: null, label: "Read keys" },
  "history.verify": { permission: "history.read", target: null, label: "Verify history" },
  "history.export": { permission: "history.export", target: null, label: "Export history" },
  "instances.export": { permission: "fleet.read", target: null, label: "Export instances" },
  // The access review report (/reports/access): its read route, and its export (audited like the History's).
  "report.access_read": { permission: "history.export", target: null, label: "Read the access report" },
  "report.access_export": { permission: "history.export", target: null, label: "Export the access report" },
  "operations.read": { permission: "fleet.read", target: null, label: "Read operations" },
  "overview.read": { permission: "fleet.read", target: null, label: "Read the overview" },
  "events.read": { permission: "fleet.read", target: null, label: "Follow live updates" },
  "auth.sign_in": { permission: null, target: "user", label: "Sign in" },
  "auth.sign_out": { permission: null, target: "user", label: "Sign out" },
  "user.create": { permission: "users.manage", target: "user", label: "Create user" },
  "user.set_role": { permission: "users.manage", target: "user", label: "Change role" },
  "user.disable": { permission: "users.manage", target: "user", label: "Disable user" },
  "user.enable": { permission: "users.manage", target: "user", label: "Enable user" },
  // A refused enable/disable whose input did not say which.
  "user.set_disabled": { permission: "users.manage", target: "user", label: "Enable or disable user" },
  "user.set_password": { permission: "users.manage", target: "user", label: "Set password" },
  "user.link_sso": { permission: "users.manage", target: "user", label: "Link SSO identity" },
  // Offboarding (lib/offboarding): the start (an admin's `Revoke all access`, or system:offboarding after a
  // disable or an SSO sign-in with no role); the job it starts closes the user's logins and deletes their keys.
  "user.offboard": { permission: "users.manage", target: "user", label: "Offboarding" },
  "user.set_language": { permission: "self.preferences", target: null, label: "Change language" },
  // Access on request (lib/requests): a request for a login or an image share, its decisions and its end.
  "request.create": { permission: "access.request", target: "request", label: "Request access" },
  "request.approve": { permission: "access.approve", target: "request", label: "Approve request" },
  "request.deny": { permission: "access.approve", target: "request", label: "Deny request" },
  "request.cancel": { permission: "access.request", target: "request", label: "Cancel request" },
  // The requests pass (actor system:requests): a pending request past the policy's wait.
  "request.expire": { permission: null, target: "request", label: "Request expired" },
  // The approved request could not be carried out (selection changed, key gone, ENS refused).
  "request.fail": { permission: null, target: "request", label: "Request failed" },
  // An open without approval, at once (reason of 20 characters or more, at most 1 hour), reviewed by an admin afterwards.
  "login.break_glass": { permission: "login.set", target: "instance", label: "Break-glass login" },
  "login.review_break_glass": { permission: "access.review", target: "operation", label: "Review break-glass login" },
  // A user's own key (My keys): uploaded to ENS under a name that says whose it is.
  "key.upload_personal": { permission: "self.keys", target: "key", label: "Upload personal key" },
  "key.delete_personal": { permission: "self.keys", target: "key", label: "Delete personal key" },
  // Saved views of the instance list (lib/views): saved by anyone, renamed or deleted by their owner (admins: shared ones too).
  "view.save": { permission: "views.manage", target: "view", label: "Save view" },
  "view.rename": { permission: "views.manage", target: "view", label: "Rename view" },
  "view.delete": { permission: "views.manage", target: "view", label: "Delete view" },
  // Schedules (lib/schedules): their changes, and (system:schedules) an occurrence refused or missed.
  "schedule.create": { permission: "schedules.manage", target: "schedule", label: "Create schedule" },
  "schedule.update": { permission: "schedules.manage", target: "schedule", label: "Edit schedule" },
  "schedule.pause": { permission: "schedules.manage", target: "schedule", label: "Pause schedule" },
  "schedule.resume": { permission: "schedules.manage", target: "schedule", label: "Resume schedule" },
  // A refused pause or resume whose input said neither.
  "schedule.set_paused": { permission: "schedules.manage", target: "schedule", label: "Pause or resume schedule" },
  "schedule.delete": { permission: "schedules.manage", target: "schedule", label: "Delete schedule" },
  "schedule.run_refused": { permission: null, target: "schedule", label: "Scheduled run refused" },
  "schedule.run_missed": { permission: null, target: "schedule", label: "Scheduled run missed" },
  "policy.update": { permission: "policy.manage", target: null, label: "Change access policy" },
  // Outbound destinations (lib/outbound): webhooks, DingTalk robots and Slack webhooks that receive
  // the audit stream and notifications. Their secrets are never in params or results.
  "destination.create": { permission: "destinations.manage", target: "destination", label: "Add destination" },
  "destination.pause": { permission: "destinations.manage", target: "destination", label: "Pause destination" },
  "destination.resume": { permission: "destinations.manage", target: "destination", label: "Resume destination" },
  // A refused pause or resume whose input said neither.
  "destination.set_paused": { permission: "destinations.manage", target: "destination", label: "Pause or resume destination" },
  "destination.delete": { permission: "destinations.manage", target: "destination", label: "Delete destination" },
  "destination.test": { permission: "destinations.manage", target: "destination", label: "Send a test to a destination" },
  "destination.replay": { permission: "destinations.manage", target: "destination", label: "Replay to a destination" },
  "notification.mark_read": { permission: "self.inbox", target: null, label: "Mark notifications read" },
  "requests.read": { permission: "requests.read", target: null, label: "Read requests" },
  "inbox.read": { permission: "self.inbox", target: null, label: "Read notifications" },
  "console.refusals_summarised": { permission: null, target: null, label: "Refusals summarised" },
} as const satisfies Record<string, AuditActionSpec>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** The names a console user's call may carry: those with a permission. A server action or read route is named by one. */
export type ActionName = {
  [K in AuditAction]: (typeof AUDIT_ACTIONS)[K]["permission"] extends null ? never : K;
}[AuditAction];

/** What a caller needs for `name`: stated in the registry, nowhere else. */
export function actionPermission(name: ActionName): Permission {
  return AUDIT_ACTIONS[name].permission;
}

/** The user changes made and audited one per event (console, CLI, SSO, bootstrap); the refusal-only name excluded. */
export type UserChangeAction = Exclude<
  { [K in AuditAction]: (typeof AUDIT_ACTIONS)[K]["target"] extends "user" ? K : never }[AuditAction] & `user.${string}`,
  "user.set_disabled"
>;

export function isAuditAction(name: string): name is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, name);
}

const NAMES: readonly AuditAction[] = Object.keys(AUDIT_ACTIONS).filter(isAuditAction);

export function auditActionSpec(name: AuditAction): AuditActionSpec {
  return AUDIT_ACTIONS[name];
}

/** The names something performs, in registry order: what History offers as filters. */
export const PERFORMED_ACTIONS: readonly AuditAction[] = NAMES.filter((n) => auditActionSpec(n).performed !== false);

/** The History label of a name read from the log; an unregistered one shows as itself. */
export function auditActionLabel(name: string): string {
  return isAuditAction(name) ? AUDIT_ACTIONS[name].label : name;
}

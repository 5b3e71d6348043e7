import type { ActionName } from "../audit/vocabulary";
import type { Role } from "../roles";

const EVERYONE = ["viewer", "requester", "operator", "auditor", "admin"] as const;
const REQUESTERS = ["requester", "operator", "admin"] as const;
const OPERATORS = ["operator", "admin"] as const;

/**
 * Who may call what, stated here a second time, apart from the registry's permissions
 * (lib/audit/vocabulary.ts → lib/auth/permissions.ts), so the authorization test can hold the code
 * to it. One row per action name: every server action and read route is named by one, and a name
 * added to the registry without a row does not compile. Names that only a refusal or an input
 * decides (`login.set`, `user.set_disabled`) have rows too.
 */
export const ACCESS_MATRIX: Record<ActionName, readonly Role[]> = {
  "login.open": OPERATORS,
  "login.close": OPERATORS,
  "login.set": OPERATORS,
  "login.extend": OPERATORS,
  "login.adopt": OPERATORS,
  "image.share": OPERATORS,
  "key.upload": OPERATORS,
  "key.delete": OPERATORS,
  "instance.reboot": OPERATORS,
  "instance.reset": OPERATORS,
  "operation.start_login": OPERATORS,
  "operation.start_power": OPERATORS,
  "operation.cancel": OPERATORS,
  "operation.retry_failed": OPERATORS,
  "operation.revert": OPERATORS,
  "fleet.read": EVERYONE,
  "instance.read": EVERYONE,
  "keys.read": EVERYONE,
  "history.verify": EVERYONE,
  "history.export": ["auditor", "admin"],
  "report.access_read": ["auditor", "admin"],
  "report.access_export": ["auditor", "admin"],
  "instances.export": EVERYONE,
  "operations.read": EVERYONE,
  "overview.read": EVERYONE,
  "events.read": EVERYONE,
  "user.create": ["admin"],
  "user.set_role": ["admin"],
  "user.disable": ["admin"],
  "user.enable": ["admin"],
  "user.set_disabled": ["admin"],
  "user.set_password": ["admin"],
  "user.link_sso": ["admin"],
  "user.offboard": ["admin"],
  "user.set_language": EVERYONE,
  "request.create": REQUESTERS,
  "request.approve": OPERATORS,
  "request.deny": OPERATORS,
  "request.cancel": REQUESTERS,
  "login.break_glass": OPERATORS,
  "login.review_break_glass": ["admin"],
  "policy.update": ["admin"],
  "destination.create": ["admin"],
  "destination.pause": ["admin"],
  "destination.resume": ["admin"],
  "destination.set_paused": ["admin"],
  "destination.delete": ["admin"],
  "destination.test": ["admin"],
  "destination.replay": ["admin"],
  "schedule.create": OPERATORS,
  "schedule.update": OPERATORS,
  "schedule.pause": OPERATORS,
  "schedule.resume": OPERATORS,
  "schedule.set_paused": OPERATORS,
  "schedule.delete": OPERATORS,
  "key.upload_personal": REQUESTERS,
  "key.delete_personal": REQUESTERS,
  "notification.mark_read": EVERYONE,
  "view.save": EVERYONE,
  "view.rename": EVERYONE,
  "view.delete": EVERYONE,
  "requests.read": EVERYONE,
  "inbox.read": EVERYONE,
};

/**
 * Route handlers that need no session, by file and method: every other route is a read route or
 * an export, named by an action. The metrics scraper presents CONSOLE_METRICS_TOKEN instead (a
 * session grants nothing there).
 */
export const PUBLIC_ROUTES: readonly string[] = [
  "app/api/health/route.ts GET",
  "app/api/ready/route.ts GET",
  "app/api/metrics/route.ts GET",
  "app/api/auth/[...nextauth]/route.ts GET",
  "app/api/auth/[...nextauth]/route.ts POST",
];

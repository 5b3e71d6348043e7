import type { Role } from "../roles";

/**
 * Who may call what, stated once for the authorization test. Keys are `<module>#<export>` for
 * server actions and `<route file> <METHOD>` for route handlers. Every action and route must
 * have a row: a new one without a row fails the test. `public` routes need no session.
 */
export const ACCESS_MATRIX: Record<string, readonly Role[] | "public"> = {
  "lib/actions/instances.ts#setLogin": ["operator", "admin"],
  "lib/actions/operations.ts#startLoginOperation": ["operator", "admin"],
  "lib/actions/operations.ts#startPowerOperation": ["operator", "admin"],
  "lib/actions/operations.ts#cancelOperation": ["operator", "admin"],
  "lib/actions/logins.ts#extendLogin": ["operator", "admin"],
  "lib/actions/logins.ts#adoptLogin": ["operator", "admin"],
  "lib/actions/keys.ts#uploadKey": ["operator", "admin"],
  "lib/actions/keys.ts#deleteKey": ["operator", "admin"],
  "lib/actions/images.ts#shareImage": ["operator", "admin"],
  "lib/actions/history-export.ts#exportHistory": ["auditor", "admin"],
  "lib/actions/instances-export.ts#exportInstances": ["viewer", "operator", "auditor", "admin"],
  "lib/actions/users.ts#setUserRole": ["admin"],
  "lib/actions/users.ts#setUserDisabled": ["admin"],
  "lib/actions/users.ts#createConsoleUser": ["admin"],
  "lib/actions/users.ts#setLanguage": ["viewer", "operator", "auditor", "admin"],
  "app/api/fleet/route.ts GET": ["viewer", "operator", "auditor", "admin"],
  "app/api/keys/route.ts GET": ["viewer", "operator", "auditor", "admin"],
  "app/api/instances/[instanceId]/route.ts GET": ["viewer", "operator", "auditor", "admin"],
  "app/api/history/verify/route.ts GET": ["viewer", "operator", "auditor", "admin"],
  "app/api/history/export/route.ts GET": ["auditor", "admin"],
  "app/api/instances/export/route.ts GET": ["viewer", "operator", "auditor", "admin"],
  "app/api/operations/route.ts GET": ["viewer", "operator", "auditor", "admin"],
  "app/api/operations/[operationId]/route.ts GET": ["viewer", "operator", "auditor", "admin"],
  "app/api/overview/route.ts GET": ["viewer", "operator", "auditor", "admin"],
  "app/api/events/route.ts GET": ["viewer", "operator", "auditor", "admin"],
  "app/api/health/route.ts GET": "public",
  "app/api/ready/route.ts GET": "public",
  // No session: the scraper presents CONSOLE_METRICS_TOKEN instead (a session grants nothing there).
  "app/api/metrics/route.ts GET": "public",
  "app/api/auth/[...nextauth]/route.ts GET": "public",
  "app/api/auth/[...nextauth]/route.ts POST": "public",
};

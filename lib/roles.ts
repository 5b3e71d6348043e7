/** The console's roles, from least to most trusted. A leaf module: safe anywhere, client included. */
export const ROLES = ["viewer", "requester", "operator", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];

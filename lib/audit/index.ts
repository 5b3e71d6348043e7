import "server-only";
export * from "./append";
export * from "./verify";
export { sanitizeForAudit } from "./sanitize";

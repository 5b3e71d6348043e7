import type { NextAuthConfig } from "next-auth";
import { logger } from "../log/logger";

const log = logger("authjs");

/** Auth.js's errors that are a user's mistake, not the console's: the sign-in line already says so. */
const EXPECTED = new Set(["CredentialsSignin"]);

/**
 * Auth.js's own messages as JSON lines (lib/log) instead of its `[auth][error]` text and stack.
 * Debug messages keep only their text: their metadata may hold tokens or cookies.
 */
export const authLogger: NonNullable<NextAuthConfig["logger"]> = {
  error(error) {
    const type = (error as { type?: string }).type ?? error.name;
    if (EXPECTED.has(type)) log.debug({ authjs: type }, `Auth.js: ${type}`);
    else log.error({ authjs: type, err: error }, `Auth.js: ${type}`);
  },
  warn(code) {
    log.warn({ authjs: code }, `Auth.js warning: ${code}`);
  },
  debug(message) {
    log.debug({ authjs: "debug" }, `Auth.js: ${message}`);
  },
};

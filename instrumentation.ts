import type { Instrumentation } from "next";

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitOnBadConfig, startConsole } = await import("./lib/startup");
  exitOnBadConfig(); // first: a bad value stops the start here, naming the variable
  // Then Next's own printing (request errors, warnings) becomes JSON lines of the console's log.
  (await import("./lib/log/console-bridge")).routeConsoleToLog();
  const { appendPeerAddress } = await import("./lib/auth/request-info");
  await appendPeerAddress();
  await startConsole();
}

/**
 * An error Next caught while rendering or handling a request, as one JSON line with where it
 * happened (Next's own print of it comes through the console bridge too). The path without its query, never the request's headers (they carry the session cookie).
 */
export const onRequestError: Instrumentation.onRequestError = async (err, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logger } = await import("./lib/log/logger");
  logger("next").error(
    { err, method: request.method, path: request.path.split("?")[0], routePath: context.routePath, routeType: context.routeType },
    "request failed",
  );
};

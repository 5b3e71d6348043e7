import type { Instrumentation } from "next";

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitOnBadConfig, startConsole } = await import("./lib/startup");
  exitOnBadConfig(); // first: a bad value stops the start here, naming the variable
  const { appendPeerAddress } = await import("./lib/auth/request-info");
  await appendPeerAddress();
  await startConsole();
}

/**
 * An error Next caught while rendering or handling a request, as one JSON line (Next also prints
 * its own). The path without its query, never the request's headers (they carry the session cookie).
 */
export const onRequestError: Instrumentation.onRequestError = async (err, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logger } = await import("./lib/log/logger");
  logger("next").error(
    { err, method: request.method, path: request.path.split("?")[0], routePath: context.routePath, routeType: context.routeType },
    "request failed",
  );
};

import "server-only";
import { headers } from "next/headers";
import { clientIp } from "../auth/request-info";
import { getActiveUser } from "../auth/session";
import { getDb } from "../db/client";
import type { CallerSources } from "./caller";

/** The caller of a request Next is handling: its session, its headers (the proven client address), the database. */
export const nextCallerSources: CallerSources = {
  resolveUser: getActiveUser,
  db: getDb,
  async requestInfo() {
    const h = await headers();
    return { ip: clientIp(h), userAgent: h.get("user-agent"), acceptLanguage: h.get("accept-language") };
  },
};

/** The same, for a route handler: the language is the handled request's own. */
export function routeCallerSources(req: Request): CallerSources {
  return {
    ...nextCallerSources,
    requestInfo: async () => ({ ...(await nextCallerSources.requestInfo()), acceptLanguage: req.headers.get("accept-language") }),
  };
}

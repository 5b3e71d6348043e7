import "server-only";
import { headers } from "next/headers";
import { getDb } from "../db/client";
import { clientIp } from "../auth/request-info";
import { getActiveUser } from "../auth/session";
import { createActionFactory } from "./safe-action";

/** The wrapper bound to the real session, request and database. Every server action uses it. */
export const action = createActionFactory({
  resolveUser: getActiveUser,
  db: getDb,
  async requestInfo() {
    const h = await headers();
    return { ip: clientIp(h), userAgent: h.get("user-agent"), acceptLanguage: h.get("accept-language") };
  },
});

import { randomUUID } from "node:crypto";
import type { RequestInfo } from "../action-spec";
import type { Actor } from "../audit/append";
import type { ActiveUser } from "../auth/session";
import type { Db } from "../db/client";
import { localeFor } from "../i18n/locale-for";
import type { Locale } from "../i18n/locales";
import { setRequestUser } from "../log/context";

/** Where a request's caller comes from: the session, the request's headers and the database. */
export interface CallerSources {
  resolveUser(): Promise<ActiveUser | null>;
  requestInfo(): Promise<RequestInfo>;
  db(): Promise<Db>;
}

/** Who calls, from where, in which language, and the id every audit event of this call shares. */
export interface Caller {
  db: Db;
  info: RequestInfo;
  user: ActiveUser | null;
  actor: Actor | null;
  /** The language the caller reads: what answers are in (the audit log stays English). */
  locale: Locale;
  operationId: string;
}

export const actorOf = (user: ActiveUser): Actor => ({ id: user.id, email: user.email, role: user.role });

/** Step 1 of every request: the caller, named in the request context so later log lines carry them. */
export async function resolveCaller(sources: CallerSources): Promise<Caller> {
  const [db, info, user] = await Promise.all([sources.db(), sources.requestInfo(), sources.resolveUser()]);
  setRequestUser(user);
  return {
    db,
    info,
    user,
    actor: user ? actorOf(user) : null,
    locale: localeFor(user, info.acceptLanguage),
    operationId: randomUUID(),
  };
}

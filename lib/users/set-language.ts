import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import type { Locale } from "../i18n/locales";

/** The signed-in user's console language, kept with the user so it follows them to any browser. */
export async function setOwnLanguage(db: Db, userId: string, locale: Locale): Promise<{ locale: Locale }> {
  await db
    .update(users)
    .set({ locale, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
  return { locale };
}

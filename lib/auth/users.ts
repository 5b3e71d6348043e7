import { and, asc, eq, lt, notExists, sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { revokedSessions, ROLES, users, type Role, type UserRow } from "../db/schema";
import { hashPassword } from "./password";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  return u;
}

/** The user of a session signed in at `loginAt`, unless that session was signed out. One statement. */
export async function findSessionUser(db: Db, id: string, loginAt: number): Promise<UserRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id) || !Number.isSafeInteger(loginAt)) return undefined;
  const revoked = db.select({ one: sql`1` }).from(revokedSessions).where(and(eq(revokedSessions.userId, users.id), eq(revokedSessions.loginAt, loginAt)));
  const [u] = await db.select().from(users).where(and(eq(users.id, id), notExists(revoked))).limit(1);
  return u;
}

/** Ends a session for good: its tokens, including any re-issued by requests still in flight, are refused. */
export async function revokeSession(db: Db, id: string, loginAt: number, maxAgeMs: number): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id) || !Number.isSafeInteger(loginAt)) return;
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, new Date()));
  await db.insert(revokedSessions).values({ userId: id, loginAt, expiresAt: new Date(loginAt + maxAgeMs) }).onConflictDoNothing();
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.email));
}

export async function countUsers(db: Db): Promise<number> {
  const [r] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM users`);
  return Number(r.n);
}

export async function createUser(db: Db, input: { email: string; role: Role; password: string | null; name?: string }): Promise<UserRow> {
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  const [u] = await db
    .insert(users)
    .values({ email: normalizeEmail(input.email), role: input.role, passwordHash, name: input.name ?? null })
    .returning();
  return u;
}

export async function updateUser(db: Db, email: string, patch: { role?: Role; disabled?: boolean; password?: string }): Promise<UserRow | undefined> {
  const values: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  if (patch.role) values.role = patch.role;
  if (patch.disabled !== undefined) values.disabled = patch.disabled;
  if (patch.password !== undefined) values.passwordHash = await hashPassword(patch.password);
  const [u] = await db.update(users).set(values).where(eq(users.email, normalizeEmail(email))).returning();
  return u;
}

import { and, asc, eq, lt, notExists, sql } from "drizzle-orm";
import { ConsoleError } from "../errors";
import { queryRows, type Db } from "../db/client";
import { revokedSessions, ROLES, users, type Role, type UserRow } from "../db/schema";
import { announceSessionsEnded } from "../live/sessions-ended";
import { hashPassword } from "./password";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [u] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  return u;
}

export async function findUserBySsoIdentity(db: Db, issuer: string, subject: string): Promise<UserRow | undefined> {
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.ssoIssuer, issuer), eq(users.ssoSubject, subject)))
    .limit(1);
  return u;
}

/**
 * The user of a session signed in at `loginAt`, unless that session was signed out or began before
 * the user's sessions were ended (a password reset, a disable). One statement.
 */
export async function findSessionUser(db: Db, id: string, loginAt: number): Promise<UserRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id) || !Number.isSafeInteger(loginAt)) return undefined;
  const revoked = db
    .select({ one: sql`1` })
    .from(revokedSessions)
    .where(and(eq(revokedSessions.userId, users.id), eq(revokedSessions.loginAt, loginAt)));
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), notExists(revoked)))
    .limit(1);
  if (u?.sessionsValidAfter && loginAt < u.sessionsValidAfter.getTime()) return undefined;
  return u;
}

/** Ends a session for good: its tokens, including any re-issued by requests still in flight, are refused. */
export async function revokeSession(db: Db, id: string, loginAt: number, maxAgeMs: number): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id) || !Number.isSafeInteger(loginAt)) return;
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, new Date()));
  await db
    .insert(revokedSessions)
    .values({ userId: id, loginAt, expiresAt: new Date(loginAt + maxAgeMs) })
    .onConflictDoNothing();
  await announceSessionsEnded(db);
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.email));
}

export async function countUsers(db: Db): Promise<number> {
  const [r] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM users`);
  return Number(r.n);
}

export interface NewUser {
  email: string;
  role: Role;
  password: string | null;
  name?: string;
  sso?: { issuer: string; subject: string };
}

/** Hashes first (tens of ms in the thread pool), so a transaction never waits on it. */
export async function insertUser(db: Db, input: Omit<NewUser, "password"> & { passwordHash: string | null }): Promise<UserRow> {
  const [u] = await db
    .insert(users)
    .values({
      email: normalizeEmail(input.email),
      role: input.role,
      passwordHash: input.passwordHash,
      name: input.name || null,
      ssoIssuer: input.sso?.issuer ?? null,
      ssoSubject: input.sso?.subject ?? null,
    })
    .returning();
  return u;
}

export async function createUser(db: Db, input: NewUser): Promise<UserRow> {
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  return insertUser(db, { ...input, passwordHash });
}

export interface UserPatch {
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
}

/**
 * Applies a change inside the caller's transaction, refusing one that would leave no enabled
 * admin. The enabled admins' rows are locked first, so two concurrent demotions of the last two
 * admins serialize, and the second one sees the first. A new password or a disable ends the
 * user's existing sessions.
 */
export async function applyUserChange(tx: Db, email: string, patch: UserPatch): Promise<UserRow | undefined> {
  const touchesAdmins = patch.role !== undefined || patch.disabled === true;
  const adminsBefore = touchesAdmins
    ? (await queryRows(tx, sql`SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`)).length
    : 0;
  const values: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  if (patch.role) values.role = patch.role;
  if (patch.disabled !== undefined) values.disabled = patch.disabled;
  if (patch.passwordHash !== undefined) values.passwordHash = patch.passwordHash;
  const endsSessions = patch.passwordHash !== undefined || patch.disabled === true;
  if (endsSessions) values.sessionsValidAfter = new Date();
  const [u] = await tx
    .update(users)
    .set(values)
    .where(eq(users.email, normalizeEmail(email)))
    .returning();
  // Open live streams of the user's sessions end once this commits (lib/live/open-streams.ts).
  if (u && endsSessions) await announceSessionsEnded(tx);
  if (u && adminsBefore > 0) await assertAnAdminRemains(tx);
  return u;
}

export async function assertAnAdminRemains(tx: Db): Promise<void> {
  const [r] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled`);
  if (Number(r.n) === 0) throw new ConsoleError("Console.LastAdmin", "This change would leave the console without an enabled admin.");
}

/** A standalone change in its own transaction (tests, scripts that audit separately). */
export async function updateUser(
  db: Db,
  email: string,
  patch: { role?: Role; disabled?: boolean; password?: string },
): Promise<UserRow | undefined> {
  const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  return db.transaction((tx) => applyUserChange(tx as unknown as Db, email, { role: patch.role, disabled: patch.disabled, passwordHash }));
}

/** Binds an SSO identity to a user; the unique index refuses one already bound elsewhere. */
export async function bindSsoIdentity(tx: Db, userId: string, sso: { issuer: string; subject: string }): Promise<UserRow | undefined> {
  const [u] = await tx
    .update(users)
    .set({ ssoIssuer: sso.issuer, ssoSubject: sso.subject, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning();
  return u;
}

import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { withAudit } from "../audit/append";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { revokeSession } from "./users";

export interface SignOut {
  uid: string;
  loginAt: number;
  ip: string | null;
  userAgent: string | null;
}

/** Ends the session for good and records `auth.sign_out`, in one transaction. */
export async function signOutSession(db: Db, s: SignOut, maxAgeMs: number): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(s.uid) || !Number.isSafeInteger(s.loginAt)) return;
  await withAudit(db, async (tx, audit) => {
    const [u] = await tx.select({ email: users.email, role: users.role }).from(users).where(eq(users.id, s.uid)).limit(1);
    await revokeSession(tx as unknown as Db, s.uid, s.loginAt, maxAgeMs);
    await audit({
      operationId: randomUUID(),
      actor: { id: s.uid, email: u?.email ?? null, role: u?.role ?? null },
      action: "auth.sign_out",
      target: u ? { type: "user", id: u.email } : null,
      params: { signedInAt: new Date(s.loginAt).toISOString() },
      phase: "completed",
      outcome: "success",
      sourceIp: s.ip,
      userAgent: s.userAgent,
    });
  });
}

import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { ConsoleError } from "../errors";
import type { Role } from "../roles";
import { accessModeFor } from "./access-mode";
import { accessPolicyInput, DEFAULT_POLICY, type AccessPolicy } from "./schema";

// The access policy: one row, edited on /settings/access; no row is the default. Read on every
// change it governs (one primary-key lookup), so an admin's change holds on the next request of
// every replica.

export async function readPolicy(db: Db): Promise<AccessPolicy> {
  const [row] = await queryRows<{ policy: unknown }>(db, sql`SELECT policy FROM access_policy WHERE id = 1`);
  if (!row) return DEFAULT_POLICY;
  // A stored policy missing a newer field takes the default's.
  const parsed = accessPolicyInput.safeParse({ ...DEFAULT_POLICY, ...(row.policy as object) });
  return parsed.success ? parsed.data : DEFAULT_POLICY;
}

export interface PolicyChange {
  previous: AccessPolicy;
  policy: AccessPolicy;
}

export async function updatePolicy(db: Db, policy: AccessPolicy, by: string): Promise<PolicyChange> {
  const previous = await readPolicy(db);
  await db.execute(
    sql`INSERT INTO access_policy (id, policy, updated_by) VALUES (1, ${JSON.stringify(policy)}::jsonb, ${by})
      ON CONFLICT (id) DO UPDATE SET policy = EXCLUDED.policy, updated_by = EXCLUDED.updated_by, updated_at = clock_timestamp()`,
  );
  return { previous, policy };
}

/** Refuses a direct open or share the policy puts behind approval (before anything is sent to ENS). */
export async function requireDirect(db: Db, role: Role, kind: "login" | "share"): Promise<void> {
  if (accessModeFor(await readPolicy(db), role, kind) !== "direct") throw new ConsoleError("Console.ApprovalRequired");
}

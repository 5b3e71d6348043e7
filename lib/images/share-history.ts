import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/client";

export interface ShareHistoryRow {
  operationId: string;
  at: string;
  actorEmail: string | null;
  users: string[];
  /** null while the operation has no completed event (still running, or the server died mid-way). */
  outcome: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  ensRequestId: string | null;
}

interface Raw {
  operation_id: string;
  at: Date | string;
  actor_email: string | null;
  params: unknown;
  outcome: string | null;
  error_code: string | null;
  error_message: string | null;
  ens_request_id: string | null;
}

function usersOf(params: unknown): string[] {
  const p = (typeof params === "string" ? JSON.parse(params) : params) as { users?: unknown } | null;
  return Array.isArray(p?.users) ? p.users.filter((u): u is string => typeof u === "string") : [];
}

/** This image's share operations from the audit log, requested and completed joined, newest first. */
export async function shareHistory(db: Db, imageId: string, limit = 50): Promise<ShareHistoryRow[]> {
  const rows = await queryRows<Raw>(
    db,
    sql`SELECT operation_id,
               min(at) AS at,
               max(actor_email) AS actor_email,
               (array_agg(params ORDER BY id))[1] AS params,
               max(outcome) FILTER (WHERE phase = 'completed') AS outcome,
               max(error_code) AS error_code,
               max(error_message) AS error_message,
               max(ens_request_id) AS ens_request_id
          FROM audit_events
         WHERE action = 'image.share' AND target_id = ${imageId}
         GROUP BY operation_id
         ORDER BY min(at) DESC, operation_id
         LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    operationId: r.operation_id,
    at: new Date(r.at).toISOString(),
    actorEmail: r.actor_email,
    users: usersOf(r.params),
    outcome: r.outcome,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    ensRequestId: r.ens_request_id,
  }));
}

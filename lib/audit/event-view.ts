// One audit event as it leaves the database: the type the history queries, the resolution and the
// offline export check share. No code here.

/** One audit event as the detail view shows it (snake_case straight from `row_to_json`). */
export interface AuditEventView {
  id: number;
  operation_id: string;
  at: string;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  params: unknown;
  phase: "requested" | "completed" | "resolved";
  outcome: string | null;
  error_code: string | null;
  error_message: string | null;
  ens_request_id: string | null;
  duration_ms: number | null;
  source_ip: string | null;
  user_agent: string | null;
  bulk_id: string | null;
  result: unknown;
  prev_hash: string;
  hash: string;
}

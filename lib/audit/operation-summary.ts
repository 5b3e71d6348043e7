import type { AuditEventView } from "./event-view";
import type { RowOutcome } from "./filter-params";

/**
 * What one History line says about an operation, derived from its first event and its `completed`
 * one: the derivation the list, the exports and the offline check of an export share (an export's
 * lines must be exactly what the console derives from the events it carries).
 */
export interface OperationSummary {
  operationId: string;
  /** The first event's time (ISO, UTC): when the operation started. */
  at: string;
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  params: unknown;
  outcome: RowOutcome;
  errorCode: string | null;
  errorMessage: string | null;
  ensRequestId: string | null;
  durationMs: number | null;
  sourceIp: string | null;
  bulkId: string | null;
  /** What the operation produced beyond its outcome, from its `completed` event. */
  result: unknown;
}

export function operationSummary(first: AuditEventView, end: AuditEventView | null): OperationSummary {
  return {
    operationId: first.operation_id,
    at: new Date(first.at).toISOString(),
    actorEmail: first.actor_email,
    actorRole: first.actor_role,
    action: first.action,
    targetType: first.target_type,
    targetId: first.target_id,
    params: first.params ?? end?.params ?? null,
    outcome: (end?.outcome as RowOutcome | null) ?? "pending",
    errorCode: end?.error_code ?? null,
    errorMessage: end?.error_message ?? null,
    ensRequestId: end?.ens_request_id ?? null,
    durationMs: end?.duration_ms ?? null,
    sourceIp: first.source_ip,
    bulkId: first.bulk_id,
    result: end?.result ?? null,
  };
}

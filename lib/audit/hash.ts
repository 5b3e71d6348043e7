import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) return "null";
  return JSON.stringify(value);
}

export interface HashedFields {
  id: number;
  operationId: string;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  params: unknown;
  phase: string;
  outcome: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  ensRequestId: string | null;
  durationMs: number | null;
  sourceIp: string | null;
  userAgent: string | null;
  bulkId: string | null;
  /** Left out of the hashed content when null, so events written before it existed still verify. */
  result: unknown;
}

export function eventHash(prevHash: string, e: HashedFields): string {
  const content = canonicalJson({
    id: e.id,
    operationId: e.operationId,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    actorRole: e.actorRole,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    params: e.params ?? null,
    phase: e.phase,
    outcome: e.outcome,
    errorCode: e.errorCode,
    errorMessage: e.errorMessage,
    ensRequestId: e.ensRequestId,
    durationMs: e.durationMs,
    sourceIp: e.sourceIp,
    userAgent: e.userAgent,
    bulkId: e.bulkId,
    ...(e.result === null || e.result === undefined ? {} : { result: e.result }),
  });
  return createHash("sha256").update(prevHash).update("\n").update(content).digest("hex");
}

import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const ROLES = ["viewer", "operator", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable("users", {
  id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
  email: text("email").notNull().unique(),
  name: text("name"),
  role: text("role").$type<Role>().notNull(),
  passwordHash: text("password_hash"),
  disabled: boolean("disabled").notNull().default(false),
  /** The SSO identity bound to this user on its first SSO sign-in (or linked by an admin). */
  ssoIssuer: text("sso_issuer"),
  ssoSubject: text("sso_subject"),
  /** Sessions signed in before this (a password reset, a disable) are refused. */
  sessionsValidAfter: timestamp("sessions_valid_after", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Sessions ended by sign-out (user and sign-in time), refused until they would have expired. */
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    userId: uuid("user_id").notNull(),
    loginAt: bigint("login_at", { mode: "number" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.loginAt] })],
);

export const PHASES = ["requested", "completed"] as const;
export const OUTCOMES = ["success", "failure", "denied", "rejected", "unknown"] as const;
export type Phase = (typeof PHASES)[number];
export type Outcome = (typeof OUTCOMES)[number];

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    operationId: uuid("operation_id").notNull(),
    at: timestamp("at", { withTimezone: true, precision: 6 }).notNull(),
    actorId: text("actor_id"),
    actorEmail: text("actor_email"),
    actorRole: text("actor_role"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    params: jsonb("params"),
    /** What the operation produced beyond its outcome (e.g. a share's per-batch RequestIds). */
    result: jsonb("result"),
    phase: text("phase").$type<Phase>().notNull(),
    outcome: text("outcome").$type<Outcome>(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    ensRequestId: text("ens_request_id"),
    durationMs: integer("duration_ms"),
    sourceIp: text("source_ip"),
    userAgent: text("user_agent"),
    bulkId: text("bulk_id"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_events_at_id").on(t.at, t.id),
    index("audit_events_operation").on(t.operationId),
    index("audit_events_target").on(t.targetId, t.at),
    index("audit_events_actor").on(t.actorEmail, t.at),
    index("audit_events_action").on(t.action, t.at),
  ],
);

/** Signed checkpoints of the audit chain (lib/audit/checkpoint.ts); append-only. */
export const auditCheckpoints = pgTable("audit_checkpoints", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
  eventCount: bigint("event_count", { mode: "number" }).notNull(),
  headId: bigint("head_id", { mode: "number" }).notNull(),
  headHash: text("head_hash").notNull(),
  keyId: text("key_id").notNull(),
  signature: text("signature").notNull(),
});

export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type UserRow = typeof users.$inferSelect;

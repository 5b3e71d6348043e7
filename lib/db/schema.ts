import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// The SQL migrations (lib/db/migrations) own the schema; this file describes exactly what they
// create, for typed queries. lib/db/test/schema-matches-migrations.test.ts compares the two.

import { ROLES, type Role } from "../roles";

export { ROLES, type Role };

/** `column IN ('a', 'b')`, as the migrations' CHECK constraints state it. */
const oneOf = (column: string, values: readonly string[]) => sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(", ")})`);

export const users = pgTable(
  "users",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    email: text("email").notNull(),
    name: text("name"),
    role: text("role").$type<Role>().notNull(),
    passwordHash: text("password_hash"),
    disabled: boolean("disabled").notNull().default(false),
    /** The SSO identity bound to this user on its first SSO sign-in (or linked by an admin). */
    ssoIssuer: text("sso_issuer"),
    ssoSubject: text("sso_subject"),
    /** Sessions signed in before this (a password reset, a disable) are refused. */
    sessionsValidAfter: timestamp("sessions_valid_after", { withTimezone: true }),
    /** The console language the user chose; null follows the browser (migration 0011). */
    locale: text("locale").$type<"en" | "zh-CN">(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("users_email_key").on(t.email),
    check("users_role_check", oneOf("role", ROLES)),
    check("users_locale_check", sql`locale IS NULL OR locale IN ('en', 'zh-CN')`),
    check("users_sso_identity_whole", sql`(sso_issuer IS NULL) = (sso_subject IS NULL)`),
    uniqueIndex("users_sso_identity").on(t.ssoIssuer, t.ssoSubject),
  ],
);

/** Sessions ended by sign-out (user and sign-in time), refused until they would have expired. */
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    userId: uuid("user_id").notNull(),
    loginAt: bigint("login_at", { mode: "number" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: "revoked_sessions_pkey", columns: [t.userId, t.loginAt] })],
);

export const PHASES = ["requested", "completed", "resolved"] as const;
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
    check("audit_events_phase_check", oneOf("phase", PHASES)),
    check("audit_events_outcome_check", oneOf("outcome", OUTCOMES)),
    index("audit_events_at_id").on(t.at.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("audit_events_operation").on(t.operationId),
    index("audit_events_target").on(t.targetId, t.at.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("audit_events_actor").on(t.actorEmail, t.at.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("audit_events_action").on(t.action, t.at.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("audit_events_ip")
      .on(t.sourceIp, t.at.desc().nullsFirst())
      .where(sql`source_ip IS NOT NULL`),
    index("audit_events_bulk")
      .on(t.bulkId)
      .where(sql`bulk_id IS NOT NULL`),
    uniqueIndex("audit_events_one_per_phase").on(t.operationId, t.phase),
    index("audit_events_target_trgm").using("gin", t.targetId.op("gin_trgm_ops")),
    index("audit_events_error_code")
      .on(t.errorCode)
      .where(sql`error_code IS NOT NULL`),
    index("audit_events_unknown")
      .on(t.id)
      .where(sql`phase = 'completed' AND outcome = 'unknown'`),
  ],
);

/** Signed checkpoints of the audit chain (lib/audit/checkpoint.ts); append-only. */
export const auditCheckpoints = pgTable(
  "audit_checkpoints",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    eventCount: bigint("event_count", { mode: "number" }).notNull(),
    headId: bigint("head_id", { mode: "number" }).notNull(),
    headHash: text("head_hash").notNull(),
    keyId: text("key_id").notNull(),
    signature: text("signature").notNull(),
  },
  (t) => [index("audit_checkpoints_at").on(t.at.desc().nullsFirst())],
);

export const JOB_KIND_VALUES = ["login.open", "login.close", "instance.reboot", "instance.reset"] as const;
export const ITEM_STATE_VALUES = ["pending", "running", "ok", "failed", "unknown", "cancelled"] as const;
export const RESOLUTION_VALUES = ["applied", "not applied", "unknown"] as const;

/** Jobs on the engine (lib/jobs); their state changes as they run. The table keeps its first name, "operations". */
export const jobs = pgTable(
  "operations",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind").$type<(typeof JOB_KIND_VALUES)[number]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 })
      .notNull()
      .default(sql`clock_timestamp()`),
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true, precision: 3 }),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }),
    finishedAt: timestamp("finished_at", { withTimezone: true, precision: 3 }),
    counts: jsonb("counts").$type<Record<string, number>>(),
    cancelRequestedAt: timestamp("cancel_requested_at", { withTimezone: true, precision: 3 }),
    actorId: text("actor_id"),
    actorEmail: text("actor_email"),
    actorRole: text("actor_role"),
    sourceIp: text("source_ip"),
    userAgent: text("user_agent"),
    params: jsonb("params").notNull(),
    selection: text("selection").notNull(),
    total: integer("total").notNull(),
  },
  (t) => [
    check("operations_kind_check", oneOf("kind", JOB_KIND_VALUES)),
    check("operations_total_check", sql`total > 0`),
    index("operations_created").on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("operations_open")
      .on(t.createdAt)
      .where(sql`finished_at IS NULL`),
  ],
);

/** A job's items, one per instance; the table keeps its first name, "operation_items". */
export const jobItems = pgTable(
  "operation_items",
  {
    /** The job the item belongs to. */
    jobId: uuid("operation_id").notNull(),
    seq: integer("seq").notNull(),
    chunk: integer("chunk").notNull(),
    instanceId: text("instance_id").notNull(),
    state: text("state").$type<(typeof ITEM_STATE_VALUES)[number]>().notNull().default("pending"),
    owner: uuid("owner"),
    /** The queue entry (pg-boss job) that leased the item's chunk. */
    queueJobId: uuid("job_id"),
    auditOperationId: uuid("audit_operation_id"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    ensRequestId: text("ens_request_id"),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }),
    finishedAt: timestamp("finished_at", { withTimezone: true, precision: 3 }),
    params: jsonb("params"),
    resolution: text("resolution").$type<(typeof RESOLUTION_VALUES)[number]>(),
  },
  (t) => [
    primaryKey({ name: "operation_items_pkey", columns: [t.jobId, t.seq] }),
    check("operation_items_state_check", oneOf("state", ITEM_STATE_VALUES)),
    check("operation_items_resolution_check", oneOf("resolution", RESOLUTION_VALUES)),
    index("operation_items_chunk").on(t.jobId, t.chunk),
    index("operation_items_state").on(t.jobId, t.state),
    index("operation_items_owned")
      .on(t.owner)
      .where(sql`state IN ('pending', 'running') AND owner IS NOT NULL`),
  ],
);

/** Console processes and their heartbeats (lib/jobs/processes.ts). */
export const consoleProcesses = pgTable("console_processes", {
  id: uuid("id").primaryKey(),
  host: text("host").notNull(),
  pid: integer("pid").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true, precision: 3 })
    .notNull()
    .default(sql`clock_timestamp()`),
  heartbeatAt: timestamp("heartbeat_at", { withTimezone: true, precision: 3 })
    .notNull()
    .default(sql`clock_timestamp()`),
});

/** Token buckets pacing the engine's ENS calls per (AccessKey, action), shared by every replica. */
export const ensRateBuckets = pgTable("ens_rate_buckets", {
  key: text("key").primaryKey(),
  tokens: doublePrecision("tokens").notNull(),
  at: timestamp("at", { withTimezone: true, precision: 6 }).notNull(),
});

export const LEASE_STATE_VALUES = ["active", "closing", "failed"] as const;

/** Logins the console opened or adopted, with their expiry (lib/logins). */
export const loginLeases = pgTable(
  "login_leases",
  {
    instanceId: text("instance_id").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }),
    openedAt: timestamp("opened_at", { withTimezone: true, precision: 3 })
      .notNull()
      .default(sql`clock_timestamp()`),
    openedById: text("opened_by_id"),
    openedByEmail: text("opened_by_email"),
    openedByRole: text("opened_by_role"),
    reason: text("reason").notNull(),
    keyName: text("key_name"),
    keyGroup: text("key_group"),
    auditOperationId: uuid("audit_operation_id"),
    adopted: boolean("adopted").notNull().default(false),
    state: text("state").$type<(typeof LEASE_STATE_VALUES)[number]>().notNull().default("active"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, precision: 3 }),
    lastError: text("last_error"),
    closeOperationId: uuid("close_operation_id"),
    /** When its holder was told it closes soon (migration 0012). */
    warnedAt: timestamp("warned_at", { withTimezone: true, precision: 3 }),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [
    check("login_leases_state_check", oneOf("state", LEASE_STATE_VALUES)),
    index("login_leases_due")
      .on(t.expiresAt)
      .where(sql`state = 'active' AND expires_at IS NOT NULL`),
  ],
);

/** Logins open on ENS that no console operation opened (the drift pass). */
export const loginDrift = pgTable("login_drift", {
  instanceId: text("instance_id").primaryKey(),
  keys: jsonb("keys").$type<string[]>().notNull(),
  foundAt: timestamp("found_at", { withTimezone: true, precision: 3 })
    .notNull()
    .default(sql`clock_timestamp()`),
  auditOperationId: uuid("audit_operation_id").notNull(),
});

/** Periodic passes one process per deployment runs per period (lib/db/schedule.ts). */
export const consoleSchedules = pgTable("console_schedules", {
  name: text("name").primaryKey(),
  nextAt: timestamp("next_at", { withTimezone: true, precision: 3 }).notNull(),
});

/** The newest listing of the fleet from ENS, compressed (lib/instances/fleet-index/store.ts). */
export const fleetSnapshots = pgTable("fleet_snapshots", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  listedFrom: timestamp("listed_from", { withTimezone: true, precision: 3 }).notNull(),
  listedAt: timestamp("listed_at", { withTimezone: true, precision: 3 })
    .notNull()
    .default(sql`clock_timestamp()`),
  instances: integer("instances").notNull(),
  digest: text("digest").notNull(),
  body: text("body").notNull(),
});

/** The console's changes to instances since the last listing, applied over it by every process. */
export const fleetPatches = pgTable(
  "fleet_patches",
  {
    instanceId: text("instance_id").primaryKey(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    patch: jsonb("patch").notNull(),
    at: timestamp("at", { withTimezone: true, precision: 3 })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [index("fleet_patches_seq").on(t.seq)],
);

const REQUEST_KIND_VALUES = ["login", "share", "schedule"] as const;
const REQUEST_STATE_VALUES = ["pending", "approved", "denied", "expired", "cancelled", "done", "failed"] as const;
const NOTIFICATION_KIND_VALUES = [
  "request_waiting",
  "request_approved",
  "request_denied",
  "request_expired",
  "request_failed",
  "login_closing",
  "expiry_failed",
  "drift_found",
  "operation_failed",
  "break_glass",
] as const;
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** The access policy admins edit (one row; lib/requests/policy.ts). */
export const accessPolicy = pgTable(
  "access_policy",
  {
    id: integer("id").primaryKey(),
    policy: jsonb("policy").notNull(),
    updatedAt: ts("updated_at")
      .notNull()
      .default(sql`clock_timestamp()`),
    updatedBy: text("updated_by"),
  },
  () => [check("access_policy_id_check", sql`id = 1`)],
);

/** Requests for a login or an image share, decided by others (lib/requests). */
export const accessRequests = pgTable(
  "access_requests",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind").$type<(typeof REQUEST_KIND_VALUES)[number]>().notNull(),
    state: text("state").$type<(typeof REQUEST_STATE_VALUES)[number]>().notNull().default("pending"),
    requesterId: uuid("requester_id").notNull(),
    requesterEmail: text("requester_email").notNull(),
    requesterRole: text("requester_role").notNull(),
    reason: text("reason").notNull(),
    details: jsonb("details").notNull(),
    approvalsNeeded: integer("approvals_needed").notNull(),
    approvers: text("approvers").$type<"operators" | "admins">().notNull(),
    createdAt: ts("created_at")
      .notNull()
      .default(sql`clock_timestamp()`),
    expiresAt: ts("expires_at").notNull(),
    decidedAt: ts("decided_at"),
    endedAt: ts("ended_at"),
    jobId: uuid("job_id"),
    carryClaimedAt: ts("carry_claimed_at"),
    failure: text("failure"),
    auditOperationId: uuid("audit_operation_id").notNull(),
  },
  (t) => [
    check("access_requests_kind_check", oneOf("kind", REQUEST_KIND_VALUES)),
    check("access_requests_state_check", oneOf("state", REQUEST_STATE_VALUES)),
    check("access_requests_approvals_needed_check", sql`approvals_needed >= 1 AND approvals_needed <= 2`),
    check("access_requests_approvers_check", oneOf("approvers", ["operators", "admins"])),
    index("access_requests_pending")
      .on(t.expiresAt)
      .where(sql`state = 'pending'`),
    index("access_requests_approved")
      .on(t.decidedAt)
      .where(sql`state = 'approved'`),
    index("access_requests_requester").on(t.requesterId, t.createdAt.desc()),
    index("access_requests_created").on(t.createdAt.desc()),
  ],
);

/** One decision per person and request. */
export const accessRequestDecisions = pgTable(
  "access_request_decisions",
  {
    requestId: uuid("request_id").notNull(),
    actorId: uuid("actor_id").notNull(),
    actorEmail: text("actor_email").notNull(),
    decision: text("decision").$type<"approve" | "deny">().notNull(),
    comment: text("comment"),
    at: ts("at")
      .notNull()
      .default(sql`clock_timestamp()`),
    auditOperationId: uuid("audit_operation_id").notNull(),
  },
  (t) => [
    primaryKey({ name: "access_request_decisions_pkey", columns: [t.requestId, t.actorId] }),
    check("access_request_decisions_decision_check", oneOf("decision", ["approve", "deny"])),
  ],
);

/** Logins opened without approval, until an admin reviews them. */
export const breakGlassOpens = pgTable(
  "break_glass_opens",
  {
    auditOperationId: uuid("audit_operation_id").primaryKey(),
    instanceId: text("instance_id").notNull(),
    actorId: uuid("actor_id").notNull(),
    actorEmail: text("actor_email").notNull(),
    reason: text("reason").notNull(),
    openedAt: ts("opened_at")
      .notNull()
      .default(sql`clock_timestamp()`),
    reviewedAt: ts("reviewed_at"),
    reviewedBy: text("reviewed_by"),
    reviewComment: text("review_comment"),
  },
  (t) => [
    index("break_glass_opens_unreviewed")
      .on(t.openedAt)
      .where(sql`reviewed_at IS NULL`),
  ],
);

/** Each user's inbox; (user, kind, subject) is unique, so a producer that runs twice adds nothing. */
export const notifications = pgTable(
  "notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id").notNull(),
    kind: text("kind").$type<(typeof NOTIFICATION_KIND_VALUES)[number]>().notNull(),
    subject: text("subject").notNull(),
    params: jsonb("params")
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: ts("created_at")
      .notNull()
      .default(sql`clock_timestamp()`),
    readAt: ts("read_at"),
  },
  (t) => [
    unique("notifications_user_id_kind_subject_key").on(t.userId, t.kind, t.subject),
    check("notifications_kind_check", oneOf("kind", NOTIFICATION_KIND_VALUES)),
    index("notifications_unread")
      .on(t.userId, t.id.desc())
      .where(sql`read_at IS NULL`),
    index("notifications_user").on(t.userId, t.id.desc()),
    // The outbox's "first row of this kind and subject" (migration 0018).
    index("notifications_kind_subject").on(t.kind, t.subject, t.id),
  ],
);

/** Each user's own public keys in ENS (lib/personal-keys). */
export const personalKeys = pgTable(
  "personal_keys",
  {
    keyName: text("key_name").primaryKey(),
    userId: uuid("user_id").notNull(),
    userEmail: text("user_email").notNull(),
    name: text("name").notNull(),
    keyType: text("key_type").notNull(),
    fingerprint: text("fingerprint").notNull(),
    createdAt: ts("created_at")
      .notNull()
      .default(sql`clock_timestamp()`),
    uploadedAt: ts("uploaded_at"),
    lastUsedAt: ts("last_used_at"),
    deletedAt: ts("deleted_at"),
  },
  (t) => [
    index("personal_keys_user")
      .on(t.userId)
      .where(sql`deleted_at IS NULL`),
  ],
);

export type AccessRequestRow = typeof accessRequests.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;

export type LoginLeaseRow = typeof loginLeases.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;
export type JobItemRow = typeof jobItems.$inferSelect;

export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type UserRow = typeof users.$inferSelect;

const SCHEDULE_ACTION_VALUES = ["login.open", "login.close", "instance.reboot", "instance.reset"] as const;

/** Schedules (lib/schedules): an action on a saved view's instances, once or on a cron rule. */
export const schedules = pgTable(
  "schedules",
  {
    id: uuid("id").primaryKey(),
    name: text("name").notNull(),
    ownerId: uuid("owner_id").notNull(),
    ownerEmail: text("owner_email").notNull(),
    ownerRole: text("owner_role").notNull(),
    viewId: uuid("view_id").notNull(),
    action: text("action").$type<(typeof SCHEDULE_ACTION_VALUES)[number]>().notNull(),
    keyName: text("key_name"),
    keyGroup: text("key_group"),
    durationMinutes: integer("duration_minutes"),
    reason: text("reason").notNull(),
    cron: text("cron"),
    runAt: timestamp("run_at", { withTimezone: true, precision: 3 }),
    timeZone: text("time_zone").notNull(),
    maxInstances: integer("max_instances").notNull(),
    maxConcurrent: integer("max_concurrent").notNull(),
    maxPerSecond: doublePrecision("max_per_second").notNull(),
    stopFailuresCount: integer("stop_failures_count"),
    stopFailuresPercent: integer("stop_failures_percent"),
    graceMinutes: integer("grace_minutes").notNull().default(15),
    paused: boolean("paused").notNull().default(false),
    checkedUpTo: timestamp("checked_up_to", { withTimezone: true, precision: 3 }).notNull(),
    nextRunAt: timestamp("next_run_at", { withTimezone: true, precision: 3 }),
    approvalRequestId: uuid("approval_request_id"),
    approved: boolean("approved").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 })
      .notNull()
      .default(sql`clock_timestamp()`),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 })
      .notNull()
      .default(sql`clock_timestamp()`),
    deletedAt: timestamp("deleted_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    check("schedules_action_check", oneOf("action", SCHEDULE_ACTION_VALUES)),
    check("schedules_check", sql`(cron IS NULL) <> (run_at IS NULL)`),
    index("schedules_due")
      .on(t.nextRunAt)
      .where(sql`deleted_at IS NULL AND NOT paused`),
  ],
);

/** Each occurrence of a schedule, claimed once across replicas. */
export const scheduleRuns = pgTable(
  "schedule_runs",
  {
    scheduleId: uuid("schedule_id").notNull(),
    occurrence: timestamp("occurrence", { withTimezone: true, precision: 3 }).notNull(),
    state: text("state").$type<"started" | "refused" | "missed">().notNull(),
    jobId: uuid("job_id"),
    reason: text("reason"),
    at: timestamp("at", { withTimezone: true, precision: 3 })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [
    primaryKey({ name: "schedule_runs_pkey", columns: [t.scheduleId, t.occurrence] }),
    check("schedule_runs_state_check", oneOf("state", ["started", "refused", "missed"])),
  ],
);

/** Saved views of the instance list (lib/views): a name, the list's URL parameters, private or shared. */
export const savedViews = pgTable(
  "saved_views",
  {
    id: uuid("id").primaryKey(),
    ownerId: uuid("owner_id").notNull(),
    ownerEmail: text("owner_email").notNull(),
    name: text("name").notNull(),
    query: text("query").notNull(),
    shared: boolean("shared").notNull().default(false),
    createdAt: ts("created_at")
      .notNull()
      .default(sql`clock_timestamp()`),
    updatedAt: ts("updated_at")
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [
    unique("saved_views_owner_id_name_key").on(t.ownerId, t.name),
    check("saved_views_name_check", sql`char_length(name) BETWEEN 1 AND 80`),
    check("saved_views_query_check", sql`char_length(query) <= 2000`),
    index("saved_views_shared")
      .on(t.name)
      .where(sql`shared`),
  ],
);
export type SavedViewRow = typeof savedViews.$inferSelect;

export const OUTBOUND_KINDS = ["webhook", "dingtalk", "slack"] as const;
export type OutboundKind = (typeof OUTBOUND_KINDS)[number];
export const OUTBOUND_LANGUAGES = ["en", "zh-CN"] as const;
export type OutboundLanguage = (typeof OUTBOUND_LANGUAGES)[number];
export const OUTBOUND_STREAMS = ["audit", "notification"] as const;
export type OutboundStream = (typeof OUTBOUND_STREAMS)[number];
export const OUTBOUND_OUTCOMES = ["delivered", "failed", "dead"] as const;
export type OutboundOutcome = (typeof OUTBOUND_OUTCOMES)[number];

/**
 * Outbound destinations (lib/outbound): a webhook, a DingTalk robot or a Slack incoming webhook,
 * with a cursor per stream (`last_seq`: the audit stream by audit_events.id, in chain order).
 */
export const outboundDestinations = pgTable(
  "outbound_destinations",
  {
    id: uuid("id").primaryKey(),
    name: text("name").notNull(),
    kind: text("kind").$type<OutboundKind>().notNull(),
    url: text("url").notNull(),
    secret: text("secret"),
    language: text("language").$type<OutboundLanguage>().notNull().default("en"),
    auditStream: boolean("audit_stream").notNull().default(false),
    notifications: boolean("notifications").notNull().default(false),
    filter: jsonb("filter")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    paused: boolean("paused").notNull().default(false),
    lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
    lastNotificationSeq: bigint("last_notification_seq", { mode: "number" }).notNull().default(0),
    failingSince: ts("failing_since"),
    retryAt: ts("retry_at"),
    lastSuccessAt: ts("last_success_at"),
    lastError: text("last_error"),
    createdAt: ts("created_at")
      .notNull()
      .default(sql`clock_timestamp()`),
    updatedAt: ts("updated_at")
      .notNull()
      .default(sql`clock_timestamp()`),
    deletedAt: ts("deleted_at"),
    /** The console process delivering to it now, until when (renewed with each cursor move; 0018). */
    leaseOwner: text("lease_owner"),
    leaseUntil: ts("lease_until"),
    /** Failed attempts in a row: the backoff doubles with each (reset by a success). */
    failures: integer("failures").notNull().default(0),
  },
  (t) => [
    check("outbound_destinations_kind_check", oneOf("kind", OUTBOUND_KINDS)),
    check("outbound_destinations_language_check", oneOf("language", OUTBOUND_LANGUAGES)),
    check("outbound_destinations_name_check", sql`char_length(name) BETWEEN 1 AND 80`),
    check("outbound_destinations_url_check", sql`char_length(url) <= 2000`),
    index("outbound_destinations_active")
      .on(t.id)
      .where(sql`deleted_at IS NULL AND NOT paused`),
  ],
);
export type OutboundDestinationRow = typeof outboundDestinations.$inferSelect;

/** One row per event and destination: its latest attempt, for the delivery log. */
export const outboundDeliveries = pgTable(
  "outbound_deliveries",
  {
    destinationId: uuid("destination_id").notNull(),
    stream: text("stream").$type<OutboundStream>().notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    eventId: text("event_id").notNull(),
    outcome: text("outcome").$type<OutboundOutcome>().notNull(),
    status: integer("status"),
    latencyMs: integer("latency_ms"),
    attempts: integer("attempts").notNull().default(1),
    error: text("error"),
    firstAt: ts("first_at")
      .notNull()
      .default(sql`clock_timestamp()`),
    at: ts("at")
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [
    primaryKey({ name: "outbound_deliveries_pkey", columns: [t.destinationId, t.stream, t.seq] }),
    check("outbound_deliveries_stream_check", oneOf("stream", OUTBOUND_STREAMS)),
    check("outbound_deliveries_outcome_check", oneOf("outcome", OUTBOUND_OUTCOMES)),
    index("outbound_deliveries_log").on(t.destinationId, t.at.desc().nullsFirst()),
  ],
);
export type OutboundDeliveryRow = typeof outboundDeliveries.$inferSelect;

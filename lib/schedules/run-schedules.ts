import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { appendEvent, type Actor } from "../audit/append";
import { config, type Env } from "../config";
import { queryRows, type Db } from "../db/client";
import type { EnsClient } from "../ens";
import { matchingInstanceIds } from "../instances/read";
import { parseView } from "../instances/list-params";
import { enqueueRecorded, recordJob } from "../jobs/start-job";
import { announce } from "../live/bus";
import { logger } from "../log/logger";
import { getSavedView } from "../views/read";
import { dueAt, nextRuns, runsBetween } from "./occurrences";
import type { ScheduleRow } from "./store";

const log = logger("schedules");

/** The console itself, where a schedule's occurrence is refused or missed. */
export const SCHEDULES_ACTOR: Actor = { id: null, email: "system:schedules", role: "system" };

export interface SchedulesPassResult {
  started: number;
  refused: number;
  missed: number;
}

/** Where a run's instances come from: the saved view's filter, resolved now (tests give their own). */
export interface RunDeps {
  matching(query: string): Promise<string[]>;
}

const defaultDeps: RunDeps = { matching: (query) => matchingInstanceIds(parseView(new URLSearchParams(query))) };

/**
 * The schedules pass, run by every console process. Each occurrence is claimed with one
 * INSERT … ON CONFLICT DO NOTHING on (schedule, occurrence), so with several replicas it runs once.
 * After downtime the newest occurrence runs if it is within the schedule's grace window; the others
 * are recorded `missed` (audited by system:schedules).
 */
export async function runSchedules(db: Db, now = new Date(), deps: RunDeps = defaultDeps): Promise<SchedulesPassResult> {
  const out: SchedulesPassResult = { started: 0, refused: 0, missed: 0 };
  const due = await queryRows<ScheduleRow>(
    db,
    sql`SELECT * FROM schedules WHERE deleted_at IS NULL AND NOT paused AND approved AND next_run_at <= ${now.toISOString()}::timestamptz
      ORDER BY next_run_at LIMIT 50`,
  );
  for (const s of due) {
    const checked = new Date(s.checked_up_to);
    const occurrences = s.cron
      ? runsBetween(s.cron, s.time_zone, checked, now)
      : s.run_at && new Date(s.run_at) > checked && new Date(s.run_at) <= now
        ? [new Date(s.run_at)]
        : [];
    const decision = dueAt(occurrences, now, s.grace_minutes * 60_000);
    for (const m of decision.missed) if (await record(db, s, m, "missed", "no console ran within the grace window")) out.missed++;
    if (decision.run) {
      const r = await runOnce(db, s, decision.run, deps);
      if (r === "started") out.started++;
      else if (r === "refused") out.refused++;
    }
    const next = s.cron ? (nextRuns(s.cron, s.time_zone, now, 1)[0] ?? null) : null;
    await db.execute(
      sql`UPDATE schedules SET checked_up_to = GREATEST(checked_up_to, ${now.toISOString()}::timestamptz), next_run_at = ${next?.toISOString() ?? null}::timestamptz
        WHERE id = ${s.id}::uuid AND checked_up_to <= ${now.toISOString()}::timestamptz`,
    );
  }
  if (out.started) announce("operations");
  return out;
}

/** Claims an occurrence in a given state; false when another process (or an earlier pass) has it. */
async function claim(db: Db, s: ScheduleRow, occurrence: Date, state: "started" | "missed", reason: string | null): Promise<boolean> {
  const rows = await queryRows<{ schedule_id: string }>(
    db,
    sql`INSERT INTO schedule_runs (schedule_id, occurrence, state, reason) VALUES (${s.id}::uuid, ${occurrence.toISOString()}::timestamptz, ${state}, ${reason})
      ON CONFLICT DO NOTHING RETURNING schedule_id`,
  );
  return rows.length === 1;
}

async function record(db: Db, s: ScheduleRow, occurrence: Date, state: "missed", reason: string): Promise<boolean> {
  if (!(await claim(db, s, occurrence, state, reason))) return false;
  await audit(db, s, "schedule.run_missed", occurrence, reason);
  return true;
}

async function audit(db: Db, s: ScheduleRow, action: "schedule.run_missed" | "schedule.run_refused", occurrence: Date, reason: string) {
  await appendEvent(db, {
    operationId: randomUUID(),
    actor: SCHEDULES_ACTOR,
    action,
    target: { type: "schedule", id: s.id },
    params: { schedule: s.name, occurrence: occurrence.toISOString(), reason },
    phase: "completed",
    outcome: "success",
  });
}

async function refuse(db: Db, s: ScheduleRow, occurrence: Date, reason: string): Promise<"refused"> {
  await db.execute(
    sql`UPDATE schedule_runs SET state = 'refused', reason = ${reason} WHERE schedule_id = ${s.id}::uuid AND occurrence = ${occurrence.toISOString()}::timestamptz`,
  );
  await audit(db, s, "schedule.run_refused", occurrence, reason);
  log.warn({ scheduleId: s.id, occurrence: occurrence.toISOString(), reason }, "a schedule's run was refused");
  return "refused";
}

/** One occurrence: its instances resolved from the saved view now, guarded by the schedule's limit, run as an engine job by the owner. */
async function runOnce(db: Db, s: ScheduleRow, occurrence: Date, deps: RunDeps): Promise<"started" | "refused" | "taken"> {
  if (!(await claim(db, s, occurrence, "started", null))) return "taken";
  const view = await getSavedView(db, s.view_id);
  if (!view) return refuse(db, s, occurrence, "its saved view was deleted");
  const ids = await deps.matching(view.query);
  if (!ids.length) return refuse(db, s, occurrence, `no instance matches the saved view ${view.name}`);
  if (ids.length > s.max_instances)
    return refuse(
      db,
      s,
      occurrence,
      `${ids.length} instances match the saved view ${view.name}, more than the schedule's ${s.max_instances}`,
    );
  const jobId = randomUUID();
  await recordJob(db, jobId, {
    kind: s.action,
    ids,
    params: {
      keyName: s.key_name,
      keyGroup: s.key_group,
      ...(s.action === "login.open" ? { durationMinutes: s.duration_minutes, reason: s.reason } : {}),
      scheduleId: s.id,
      scheduleName: s.name,
      occurrence: occurrence.toISOString(),
      rate: {
        maxConcurrent: s.max_concurrent,
        maxPerSecond: Number(s.max_per_second),
        stopFailuresCount: s.stop_failures_count,
        stopFailuresPercent: s.stop_failures_percent,
      },
    },
    actor: { id: s.owner_id, email: s.owner_email, role: s.owner_role },
    sourceIp: null,
    userAgent: null,
    selection: `saved view ${view.name} (${ids.length} instances)`,
  });
  await db.execute(
    sql`UPDATE schedule_runs SET job_id = ${jobId}::uuid WHERE schedule_id = ${s.id}::uuid AND occurrence = ${occurrence.toISOString()}::timestamptz`,
  );
  await enqueueRecorded(db, jobId, ids.length);
  log.info({ scheduleId: s.id, operationId: jobId, items: ids.length }, "a schedule's run started");
  return "started";
}

export const SCHEDULES_PASS = "schedules";

/** The pass as the engine runs it (lib/jobs/passes.ts `ExtraPass`), every CONSOLE_SCHEDULES_CHECK_MS. */
export function schedulesPass(env: Env) {
  return {
    name: SCHEDULES_PASS,
    periodMs: config(env).CONSOLE_SCHEDULES_CHECK_MS,
    run: async (db: Db, _ens: EnsClient) => {
      const r = await runSchedules(db);
      if (r.started || r.refused || r.missed) log.info({ pass: SCHEDULES_PASS, ...r }, "schedules ran, refused or missed");
    },
  };
}

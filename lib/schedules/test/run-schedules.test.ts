// The schedules pass with a controllable clock (issue 31), on both backends: an occurrence runs
// once however many passes (replicas) look at once; after downtime the newest occurrence runs
// within the grace window and the others are missed; a paused schedule does not run; a run over
// more instances than the schedule allows is refused and recorded.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActiveUser } from "@/lib/auth/session";
import { queryRows } from "@/lib/db/client";
import { BACKENDS, freshDb } from "@/test/support/db";
import { runSchedules, type RunDeps } from "../run-schedules";
import { createSchedule, setSchedulePaused } from "../save-schedule";
import { createScheduleInput } from "../schema";

const noApproval = async () => {
  throw new Error("no approval expected");
};

describe.each(BACKENDS)("the schedules pass on %s", (backend) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  let owner: ActiveUser;
  let viewId = "";
  const fleet = ["aic-s-1", "aic-s-2", "aic-s-3"];
  const deps: RunDeps = { matching: async () => fleet };

  beforeAll(async () => {
    h = await freshDb(backend);
    const [u] = await queryRows<{ id: string }>(
      h.db,
      sql`INSERT INTO users (email, role) VALUES ('owner@sched.test', 'operator') RETURNING id`,
    );
    owner = { id: u.id, email: "owner@sched.test", role: "operator", name: null };
    const [v] = await queryRows<{ id: string }>(
      h.db,
      sql`INSERT INTO saved_views (id, owner_id, owner_email, name, query, shared) VALUES (gen_random_uuid(), ${u.id}::uuid, 'owner@sched.test', 'node A', 'node=node-a', true) RETURNING id`,
    );
    viewId = v.id;
  });
  afterAll(async () => h?.drop());

  const make = (over: Record<string, unknown>, now: Date) =>
    createSchedule(
      h.db,
      createScheduleInput.parse({
        name: `s-${Math.random().toString(36).slice(2, 8)}`,
        viewId,
        action: "instance.reboot",
        repeat: "0 2 * * *",
        timeZone: "UTC",
        reason: "TICKET-7",
        maxInstances: 10,
        maxConcurrent: 2,
        maxPerSecond: 1,
        ...over,
      }),
      owner,
      noApproval,
      now,
    );
  const runs = (id: string) =>
    queryRows<{ occurrence: Date | string; state: string; job_id: string | null; reason: string | null }>(
      h.db,
      sql`SELECT occurrence, state, job_id, reason FROM schedule_runs WHERE schedule_id = ${id}::uuid ORDER BY occurrence`,
    );
  const jobsOf = (id: string) =>
    queryRows<{ id: string; total: number; actor_email: string; params: { scheduleId: string; rate: { maxConcurrent: number } } }>(
      h.db,
      sql`SELECT id, total, actor_email, params FROM operations WHERE params->>'scheduleId' = ${id}`,
    );

  it("an occurrence runs once when two passes (two replicas) look at the same moment", async () => {
    const s = await make({}, new Date("2026-12-01T00:00:00Z"));
    expect(s.nextRunAt).toBe("2026-12-01T02:00:00.000Z");
    const at = new Date("2026-12-01T02:00:05Z");
    const [a, b] = await Promise.all([runSchedules(h.db, at, deps), runSchedules(h.db, at, deps)]);
    expect(a.started + b.started).toBe(1);
    const r = await runs(s.scheduleId);
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ state: "started" });
    const jobs = await jobsOf(s.scheduleId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ total: 3, actor_email: "owner@sched.test" });
    expect(jobs[0].params.rate.maxConcurrent).toBe(2);
    // The next pass the same day finds nothing new.
    expect((await runSchedules(h.db, new Date("2026-12-01T03:00:00Z"), deps)).started).toBe(0);
  });

  it("after downtime: the newest occurrence within the grace window runs, the older ones are missed and audited", async () => {
    const s = await make({ graceMinutes: 15 }, new Date("2026-12-01T00:00:00Z"));
    const r1 = await runSchedules(h.db, new Date("2026-12-04T02:10:00Z"), deps);
    expect(r1.started).toBeGreaterThanOrEqual(1);
    const r = await runs(s.scheduleId);
    expect(r.map((x) => [new Date(x.occurrence).toISOString(), x.state])).toEqual([
      ["2026-12-01T02:00:00.000Z", "missed"],
      ["2026-12-02T02:00:00.000Z", "missed"],
      ["2026-12-03T02:00:00.000Z", "missed"],
      ["2026-12-04T02:00:00.000Z", "started"],
    ]);
    const missed = await queryRows<{ n: number }>(
      h.db,
      sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'schedule.run_missed' AND target_id = ${s.scheduleId} AND actor_email = 'system:schedules'`,
    );
    expect(Number(missed[0].n)).toBe(3);
  });

  it("outside the grace window nothing runs: the occurrence is missed", async () => {
    const s = await make({ graceMinutes: 15 }, new Date("2026-12-01T00:00:00Z"));
    await runSchedules(h.db, new Date("2026-12-01T02:30:00Z"), deps);
    expect((await runs(s.scheduleId)).map((x) => x.state)).toEqual(["missed"]);
    expect(await jobsOf(s.scheduleId)).toHaveLength(0);
  });

  it("a paused schedule does not run; resumed, it does not run what fell while it was paused", async () => {
    const s = await make({}, new Date("2026-12-01T00:00:00Z"));
    await setSchedulePaused(h.db, s.scheduleId, true, owner, new Date("2026-12-01T01:00:00Z"));
    await runSchedules(h.db, new Date("2026-12-01T02:00:10Z"), deps);
    expect(await runs(s.scheduleId)).toHaveLength(0);
    await setSchedulePaused(h.db, s.scheduleId, false, owner, new Date("2026-12-01T02:05:00Z"));
    await runSchedules(h.db, new Date("2026-12-01T02:06:00Z"), deps);
    expect(await runs(s.scheduleId)).toHaveLength(0);
    await runSchedules(h.db, new Date("2026-12-02T02:00:30Z"), deps);
    expect((await runs(s.scheduleId)).map((x) => x.state)).toEqual(["started"]);
  });

  it("more instances than the schedule allows: the run is refused and recorded, nothing started", async () => {
    const s = await make({ maxInstances: 2, repeat: undefined, runAt: "2026-12-05T08:00:00Z" }, new Date("2026-12-05T00:00:00Z"));
    const r = await runSchedules(h.db, new Date("2026-12-05T08:00:01Z"), deps);
    expect(r.refused).toBe(1);
    const [run] = await runs(s.scheduleId);
    expect(run.state).toBe("refused");
    expect(run.reason).toMatch(/3 instances match the saved view node A, more than the schedule's 2/);
    expect(await jobsOf(s.scheduleId)).toHaveLength(0);
    const refused = await queryRows<{ n: number }>(
      h.db,
      sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'schedule.run_refused' AND target_id = ${s.scheduleId}`,
    );
    expect(Number(refused[0].n)).toBe(1);
  });

  it("a reset is an admin's to schedule", async () => {
    await expect(make({ action: "instance.reset" }, new Date())).rejects.toMatchObject({ code: "Console.Forbidden" });
  });
});

import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { appendEvents } from "@/lib/audit/append";
import { GENESIS_HASH } from "@/lib/audit/hash";
import { queryRows, type DbHandle } from "@/lib/db/client";
import type { OutboundDestinationRow } from "@/lib/db/schema";
import { captureLog } from "@/lib/log/test/capture";
import { readOutboxLag } from "@/lib/metrics/scrape-state";
import { metricValue } from "@/lib/metrics/test/metric-values";
import { BACKENDS, freshDb } from "@/test/support/db";
import { deliver } from "../deliver";
import { runOutboxPass, type OutboxOptions } from "../outbox";
import { testPayload } from "../payload";
import { rewindCursor } from "../replay";
import { newWebhookSecret } from "../sign";
import { startReceiver, type Receiver } from "./receiver";

// The outbox on both backends, with a receiver on 127.0.0.1 (CONSOLE_OUTBOUND_ALLOW names it) that
// verifies every signature. The pass is run by hand; a controllable clock drives backoff and the
// 24 hours.

const HOUR = 3600_000;
const ACTIONS = ["login.open", "login.close", "auth.sign_in", "user.create", "key.upload"] as const;

describe.each(BACKENDS)("the outbox on %s", (backend) => {
  let h: DbHandle & { drop(): Promise<void> };
  let rx: Receiver;
  const secret = newWebhookSecret();
  const dingSecret = "SEC0123456789abcdef0123456789abcdef";

  beforeAll(async () => {
    h = await freshDb(backend);
    rx = await startReceiver({ webhook: secret, dingtalk: dingSecret });
  });
  afterAll(async () => {
    await rx?.close();
    await h?.drop();
  });
  beforeEach(async () => {
    vi.stubEnv("CONSOLE_OUTBOUND_ALLOW", "127.0.0.1");
    rx.received.length = 0;
    rx.refused = 0;
    rx.answer = () => ({ status: 200, body: "ok" });
    // Each test starts with no destination (earlier ones deleted) at the head of both streams.
    await h.db.execute(sql`UPDATE outbound_destinations SET deleted_at = clock_timestamp() WHERE deleted_at IS NULL`);
  });
  afterEach(() => vi.unstubAllEnvs());

  const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(h.db, q);

  async function append(n: number, action: (i: number) => (typeof ACTIONS)[number] = (i) => ACTIONS[i % ACTIONS.length]) {
    const out = [];
    for (let i = 0; i < n; i++)
      out.push(...(await appendEvents(h.db, [{ operationId: randomUUID(), action: action(i), phase: "completed", outcome: "success" }])));
    return out;
  }

  async function destination(fields: Partial<Record<string, unknown>> = {}): Promise<OutboundDestinationRow> {
    const id = randomUUID();
    const d = {
      kind: "webhook",
      url: `${rx.url}/hook`,
      secret,
      audit_stream: true,
      notifications: false,
      filter: [] as string[],
      ...fields,
    };
    await h.db.execute(
      sql`INSERT INTO outbound_destinations (id, name, kind, url, secret, audit_stream, notifications, filter, last_seq, last_notification_seq)
        VALUES (${id}::uuid, ${`dest ${id.slice(0, 8)}`}, ${d.kind as string}, ${d.url as string}, ${d.secret as string | null},
          ${d.audit_stream as boolean}, ${d.notifications as boolean}, ${JSON.stringify(d.filter)}::jsonb,
          (SELECT coalesce(max(id), 0) FROM audit_events), (SELECT coalesce(max(id), 0) FROM notifications))`,
    );
    return read(id);
  }

  async function read(id: string): Promise<OutboundDestinationRow> {
    const [r] = await rows<Record<string, unknown>>(sql`SELECT * FROM outbound_destinations WHERE id = ${id}::uuid`);
    return {
      id: String(r.id),
      name: String(r.name),
      kind: r.kind,
      url: r.url,
      secret: r.secret,
      language: r.language,
      auditStream: r.audit_stream,
      notifications: r.notifications,
      filter: r.filter,
      paused: r.paused,
      lastSeq: Number(r.last_seq),
      lastNotificationSeq: Number(r.last_notification_seq),
      failingSince: r.failing_since ? new Date(r.failing_since as string) : null,
      retryAt: r.retry_at ? new Date(r.retry_at as string) : null,
      lastSuccessAt: r.last_success_at ? new Date(r.last_success_at as string) : null,
      lastError: r.last_error,
      createdAt: new Date(r.created_at as string),
      updatedAt: new Date(r.updated_at as string),
      deletedAt: null,
      leaseOwner: r.lease_owner,
      leaseUntil: r.lease_until ? new Date(r.lease_until as string) : null,
      failures: Number(r.failures),
    } as OutboundDestinationRow;
  }

  const deliveries = (id: string) =>
    rows<{ stream: string; seq: number; outcome: string; status: number | null; attempts: number; event_id: string; error: string | null }>(
      sql`SELECT stream, seq::int AS seq, outcome, status, attempts, event_id, error FROM outbound_deliveries WHERE destination_id = ${id}::uuid ORDER BY stream, seq`,
    );
  const seqs = () => rx.received.map((r) => Number(r.json.seq));
  const pass = (o: OutboxOptions = {}) => runOutboxPass(h.db, o);

  it("delivers the audit stream in chain order, each event signed and carrying seq, hash and prevHash; the cursor follows", async () => {
    const d = await destination();
    const events = await append(30);
    const before = await metricValue("aic_console_deliveries_total", { destination: d.id, outcome: "delivered" });
    const r = await pass();
    expect(r).toMatchObject({ destinations: 1, delivered: 30, failed: 0 });
    expect(seqs()).toEqual(events.map((e) => e.id));
    // Every body verified (receiver), webhook-id audit_<seq>, and the chain links.
    expect(rx.refused).toBe(0);
    expect(rx.received.every((x) => x.verified !== null && x.headers["webhook-id"] === `audit_${x.json.seq}`)).toBe(true);
    expect(rx.received.every((x) => x.headers["content-type"] === "application/json")).toBe(true);
    for (const [i, x] of rx.received.entries()) {
      expect(x.json).toMatchObject({ type: "audit.event", hash: events[i].hash, prevHash: events[i].prevHash, action: events[i].action });
      if (i > 0) expect(x.json.prevHash).toBe(rx.received[i - 1].json.hash);
    }
    const after = await read(d.id);
    expect(after).toMatchObject({ lastSeq: events.at(-1)!.id, failingSince: null, retryAt: null, lastError: null, leaseOwner: null });
    expect(after.lastSuccessAt).not.toBeNull();
    const log = await deliveries(d.id);
    expect(log).toHaveLength(30);
    expect(log.every((l) => l.outcome === "delivered" && l.status === 200 && l.attempts === 1)).toBe(true);
    expect(await metricValue("aic_console_deliveries_total", { destination: d.id, outcome: "delivered" })).toBe(before + 30);
    // Caught up: the next pass finds nothing, and the lag is 0.
    expect(await pass()).toMatchObject({ destinations: 0, delivered: 0 });
    expect((await readOutboxLag(h.db)).find((l) => l.destination === d.id)?.seconds).toBe(0);
  });

  it("the first chain event starts at the genesis hash when a destination replays from the beginning", async () => {
    const d = await destination();
    await append(2);
    await rewindCursor(h.db, d.id, { fromSeq: 1 });
    await pass();
    expect(rx.received[0].json.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rx.received.length; i++) expect(rx.received[i].json.prevHash).toBe(rx.received[i - 1].json.hash);
  });

  it("a failure stops the stream there: the cursor moves only after a success; retries back off 1 s, 2 s, … up to the cap", async () => {
    const d = await destination();
    const events = await append(10);
    const bad = events[4].id;
    rx.answer = (x) => (x.json.seq === bad ? { status: 503, body: "busy" } : { status: 200 });
    const t0 = Date.now();
    const at = (ms: number) => () => new Date(t0 + ms);
    const r = await pass({ now: at(0), maxBackoffMs: 3000 });
    expect(r).toMatchObject({ delivered: 4, failed: 1 });
    let s = await read(d.id);
    expect(s.lastSeq).toBe(events[3].id);
    expect(s.failingSince!.getTime()).toBe(t0);
    expect(s.retryAt!.getTime()).toBe(t0 + 1000);
    expect(s.lastError).toBe("HTTP 503");
    expect(s.failures).toBe(1);
    expect((await deliveries(d.id)).find((l) => l.seq === bad)).toMatchObject({ outcome: "failed", status: 503, attempts: 1 });
    expect(await readOutboxLag(h.db).then((l) => l.find((x) => x.destination === d.id)!.seconds)).toBeGreaterThanOrEqual(0);

    // Not before retry_at.
    expect(await pass({ now: at(900), maxBackoffMs: 3000 })).toMatchObject({ destinations: 0 });
    await pass({ now: at(1000), maxBackoffMs: 3000 });
    s = await read(d.id);
    expect(s.retryAt!.getTime()).toBe(t0 + 1000 + 2000);
    await pass({ now: at(3000), maxBackoffMs: 3000 });
    s = await read(d.id);
    expect(s.retryAt!.getTime()).toBe(t0 + 3000 + 3000); // 4 s, capped at 3 s
    expect(s.failingSince!.getTime()).toBe(t0);
    expect((await deliveries(d.id)).find((l) => l.seq === bad)).toMatchObject({ outcome: "failed", attempts: 3 });
    expect(seqs()).toEqual(events.slice(0, 4).map((e) => e.id));

    // The receiver recovers: the rest arrives, in order, and the failure state clears.
    rx.answer = () => ({ status: 200 });
    expect(await pass({ now: at(6000), maxBackoffMs: 3000 })).toMatchObject({ delivered: 6, failed: 0 });
    expect(seqs()).toEqual(events.map((e) => e.id));
    s = await read(d.id);
    expect(s).toMatchObject({ lastSeq: events.at(-1)!.id, failingSince: null, retryAt: null, lastError: null, failures: 0 });
    expect((await deliveries(d.id)).find((l) => l.seq === bad)).toMatchObject({ outcome: "delivered", attempts: 4 });
  });

  it("an event failing for 24 hours is marked dead and passed: the receiver sees the gap in the chain", async () => {
    const d = await destination();
    const events = await append(5);
    const bad = events[1].id;
    rx.answer = (x) => (x.json.seq === bad ? { status: 500 } : { status: 200 });
    const t0 = Date.now();
    const deadBefore = await metricValue("aic_console_deliveries_total", { destination: d.id, outcome: "dead" });
    await pass({ now: () => new Date(t0) });
    await pass({ now: () => new Date(t0 + 23 * HOUR) });
    expect((await read(d.id)).lastSeq).toBe(events[0].id);
    const r = await pass({ now: () => new Date(t0 + 24 * HOUR + 1000) });
    expect(r).toMatchObject({ dead: 1, delivered: 3 });
    expect(seqs()).toEqual([events[0], ...events.slice(2)].map((e) => e.id));
    // The gap: the event after the dead one does not chain to the one before it.
    expect(rx.received[1].json.prevHash).not.toBe(rx.received[0].json.hash);
    expect((await deliveries(d.id)).find((l) => l.seq === bad)).toMatchObject({ outcome: "dead", status: 500, attempts: 3 });
    expect(await metricValue("aic_console_deliveries_total", { destination: d.id, outcome: "dead" })).toBe(deadBefore + 1);
    expect(await read(d.id)).toMatchObject({ lastSeq: events.at(-1)!.id, failingSince: null });
  });

  it("the filter: only matching actions are sent, the cursor passes the others", async () => {
    const d = await destination({ filter: ["login.*", "key.upload", "request_waiting"] });
    const events = await append(20);
    const r = await pass();
    const wanted = events.filter((e) => e.action.startsWith("login.") || e.action === "key.upload");
    expect(seqs()).toEqual(wanted.map((e) => e.id));
    expect(r.skipped).toBe(events.length - wanted.length);
    expect((await read(d.id)).lastSeq).toBe(events.at(-1)!.id);
  });

  it("notifications: once per kind and subject (the first row's id), filtered by kind", async () => {
    const d = await destination({ audit_stream: false, notifications: true, filter: ["request_waiting", "login_*"] });
    const users = [randomUUID(), randomUUID(), randomUUID()];
    const notify = async (kind: string, subject: string, who = users) => {
      const ids: number[] = [];
      for (const u of who)
        ids.push(
          ...(
            await rows<{ id: number }>(
              sql`INSERT INTO notifications (user_id, kind, subject, params) VALUES (${u}::uuid, ${kind}, ${subject},
                ${JSON.stringify({ requester: "r@x.test", count: 2, gone: null, href: `/requests/${subject}` })}::jsonb) RETURNING id`,
            )
          ).map((r) => Number(r.id)),
        );
      return ids;
    };
    const a = await notify("request_waiting", "req-a");
    await notify("request_denied", "req-a");
    const b = await notify("login_closing", "lease-b", users.slice(0, 1));
    await notify("request_waiting", "req-a", [randomUUID()]); // later, same kind and subject: not again
    const r = await pass();
    expect(r.delivered).toBe(2);
    expect(rx.received.map((x) => x.json)).toEqual([
      expect.objectContaining({
        type: "notification",
        seq: a[0],
        kind: "request_waiting",
        subject: "req-a",
        values: { requester: "r@x.test", count: 2 },
        href: "/requests/req-a",
      }),
      expect.objectContaining({ seq: b[0], kind: "login_closing" }),
    ]);
    expect(rx.received.map((x) => x.headers["webhook-id"])).toEqual([`notification_${a[0]}`, `notification_${b[0]}`]);
    const s = await read(d.id);
    expect(s.lastNotificationSeq).toBeGreaterThanOrEqual(b[0]);
    expect(await pass()).toMatchObject({ delivered: 0 });
  });

  it("a notification committed after a later one (PostgreSQL) is found by the look-back and sent once", async () => {
    const d = await destination({ audit_stream: false, notifications: true });
    // Reserve an id, then commit a later notification first: the first one commits "late".
    const [{ id: early }] = await rows<{ id: number }>(sql`SELECT nextval(pg_get_serial_sequence('notifications', 'id'))::int AS id`);
    await rows(
      sql`INSERT INTO notifications (user_id, kind, subject) VALUES (${randomUUID()}::uuid, 'drift_found', 'late-2') RETURNING id`,
    );
    await pass({ lookback: true });
    expect(rx.received.map((x) => x.json.subject)).toEqual(["late-2"]);
    await h.db.execute(
      sql`INSERT INTO notifications (id, user_id, kind, subject) VALUES (${early}, ${randomUUID()}::uuid, 'drift_found', 'late-1')`,
    );
    await pass({ lookback: true });
    await pass({ lookback: true });
    expect(rx.received.map((x) => x.json.subject)).toEqual(["late-2", "late-1"]);
    expect((await deliveries(d.id)).map((l) => l.seq)).toEqual([early, expect.any(Number)]);
  });

  it("replay from a sequence delivers exactly that range again, in order; from a time, from the first event at or after it", async () => {
    const d = await destination();
    const events = await append(20);
    await pass();
    rx.received.length = 0;
    expect(await rewindCursor(h.db, d.id, { fromSeq: events[7].id })).toEqual({ fromSeq: events[7].id });
    expect((await read(d.id)).retryAt).toBeNull();
    await pass();
    expect(seqs()).toEqual(events.slice(7).map((e) => e.id));
    expect(rx.received.map((x) => x.headers["webhook-id"])).toEqual(events.slice(7).map((e) => `audit_${e.id}`));

    rx.received.length = 0;
    const t = events[12].at;
    expect(await rewindCursor(h.db, d.id, { fromTime: t })).toEqual({ fromSeq: events.find((e) => e.at >= t)!.id });
    await pass();
    expect(seqs()).toEqual(events.filter((e) => e.at >= t).map((e) => e.id));

    // Never forward: a position past the cursor changes nothing; a time after the last event neither.
    rx.received.length = 0;
    const head = (await read(d.id)).lastSeq;
    expect(await rewindCursor(h.db, d.id, { fromSeq: head + 1000 })).toEqual({ fromSeq: head + 1 });
    expect(await rewindCursor(h.db, d.id, { fromTime: new Date(Date.now() + HOUR) })).toEqual({ fromSeq: head + 1 });
    await pass();
    expect(seqs()).toEqual([]);
  });

  it("a replay during a run stops it at its next event; the run that follows starts from the replayed position", async () => {
    const d = await destination();
    const events = await append(10);
    let rewound = false;
    rx.answer = async (x) => {
      if (x.json.seq === events[5].id && !rewound) {
        rewound = true;
        await rewindCursor(h.db, d.id, { fromSeq: events[2].id });
      }
      return { status: 200 };
    };
    let rewoundAt = -1;
    const answer = rx.answer;
    rx.answer = async (x) => {
      const a = await answer(x);
      if (rewound && rewoundAt < 0) rewoundAt = rx.received.length;
      return a;
    };
    await pass();
    await pass();
    await pass();
    // The run in progress stops at its next write; what follows the replay sends 2..9 again, in
    // order (from the replayed position, or from before it when the run had not written its cursor).
    const after = seqs().slice(rewoundAt + 1);
    const from = after.lastIndexOf(events[2].id);
    expect(from).toBeGreaterThanOrEqual(0);
    expect(after.slice(from)).toEqual(events.slice(2).map((e) => e.id));
    expect(new Set(seqs())).toEqual(new Set(events.map((e) => e.id)));
  });

  it("two passes at once (two replicas) deliver each event once: the lease", async () => {
    const d = await destination();
    const events = await append(60);
    rx.answer = async () => {
      await new Promise((r) => setTimeout(r, 2));
      return { status: 200 };
    };
    const both = { singleProcess: false, budgetMs: 200 };
    for (let round = 0; round < 20 && (await read(d.id)).lastSeq < events.at(-1)!.id; round++)
      await Promise.all([pass({ ...both, owner: "replica-a" }), pass({ ...both, owner: "replica-b" })]);
    expect(seqs()).toEqual(events.map((e) => e.id));

    // A live lease held by another process is left alone; an expired one is taken over.
    rx.received.length = 0;
    const more = await append(3);
    await h.db.execute(
      sql`UPDATE outbound_destinations SET lease_owner = 'replica-c', lease_until = clock_timestamp() + interval '1 minute' WHERE id = ${d.id}::uuid`,
    );
    expect(await pass({ singleProcess: false, owner: "replica-a" })).toMatchObject({ destinations: 0 });
    await h.db.execute(
      sql`UPDATE outbound_destinations SET lease_until = clock_timestamp() - interval '1 second' WHERE id = ${d.id}::uuid`,
    );
    await pass({ singleProcess: false, owner: "replica-a" });
    expect(seqs()).toEqual(more.map((e) => e.id));
  });

  it("a paused destination keeps its events; resumed, it receives them all", async () => {
    const d = await destination();
    await h.db.execute(sql`UPDATE outbound_destinations SET paused = true WHERE id = ${d.id}::uuid`);
    const events = await append(5);
    expect(await pass()).toMatchObject({ destinations: 0 });
    expect(seqs()).toEqual([]);
    const lag = (await readOutboxLag(h.db)).find((l) => l.destination === d.id)!;
    expect(lag.seconds).toBeGreaterThanOrEqual(0);
    await h.db.execute(sql`UPDATE outbound_destinations SET paused = false WHERE id = ${d.id}::uuid`);
    await pass();
    expect(seqs()).toEqual(events.map((e) => e.id));
  });

  it("DingTalk: the signed URL (checked as DingTalk does), text in the destination's language, errcode 0 is success", async () => {
    const d = await destination({ kind: "dingtalk", url: `${rx.url}/robot/send?access_token=ding-token-0123456789`, secret: dingSecret });
    rx.answer = () => ({ status: 200, body: JSON.stringify({ errcode: 0, errmsg: "ok" }) });
    await append(2, () => "login.open");
    expect(await pass()).toMatchObject({ delivered: 2 });
    expect(rx.received).toHaveLength(2);
    expect(rx.received[0].json).toMatchObject({ msgtype: "text", text: { content: expect.stringContaining("[AIC Console] #") } });

    // A wrong secret: DingTalk answers 200 with a non-zero errcode, which is a failure.
    const wrong = { ...(await read(d.id)), secret: "SECwrong" } as OutboundDestinationRow;
    const a = await deliver(wrong, testPayload(wrong));
    expect(a).toMatchObject({ ok: false, status: 200, error: "DingTalk errcode 310000: sign not match" });
  });

  it("Slack: the text message to the URL", async () => {
    await destination({ kind: "slack", url: `${rx.url}/services/T000/B000/slack-token-0123456789abcdef`, secret: null });
    await append(1, () => "key.upload");
    await pass();
    expect(rx.received[0].json).toEqual({ text: expect.stringContaining("[AIC Console]") });
    expect(rx.received[0].headers["webhook-id"]).toBeUndefined();
  });

  it("deliver(): the receiver's answer cut to 500 characters, without the secret or the URL's tokens; failures in words", async () => {
    const d = await destination({ kind: "dingtalk", url: `${rx.url}/robot/send?access_token=ding-token-0123456789`, secret: dingSecret });
    rx.answer = (x) => ({
      status: 200,
      body: JSON.stringify({ errcode: 0, echo: `${x.path} ding-token-0123456789 ${dingSecret}`, pad: "x".repeat(900) }),
    });
    const a = await deliver(d, testPayload(d));
    expect(a.ok).toBe(true);
    expect(a.responseExcerpt.length).toBeLessThanOrEqual(501);
    expect(a.responseExcerpt).not.toContain("ding-token-0123456789");
    expect(a.responseExcerpt).not.toContain(dingSecret);
    expect(a.responseExcerpt).toContain("[redacted]");

    const w = await destination();
    const refused = await deliver({ ...w, url: "http://10.0.0.1/hook?token=abcdefghijkl" }, testPayload(w));
    expect(refused).toMatchObject({ ok: false, status: null });
    expect(refused.error).toMatch(/^refused/);
    expect(refused.error).not.toContain("abcdefghijkl");
    const closed = await deliver({ ...w, url: "http://127.0.0.1:1/hook" }, testPayload(w));
    expect(closed).toMatchObject({ ok: false, status: null });
    expect(closed.error).toMatch(/ECONNREFUSED/);
  });

  it("logs name a failing destination by id and name, never its URL, token or secret", async () => {
    const token = "ding-token-logged-never-0123456789";
    const d = await destination({ kind: "dingtalk", url: `${rx.url}/robot/send?access_token=${token}`, secret: dingSecret });
    await append(1);
    rx.answer = () => ({ status: 502, body: `upstream ${token}` });
    const log = captureLog("debug");
    try {
      await pass();
    } finally {
      log.restore();
    }
    const lines = log.lines.filter((l) => l.component === "outbound");
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatchObject({ destination: d.id, name: d.name, status: 502 });
    expect(log.text()).not.toContain(token);
    expect(log.text()).not.toContain(dingSecret);
    expect(log.text()).not.toContain(rx.url);
  });
});

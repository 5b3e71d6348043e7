import { describe, expect, it } from "vitest";
import type { AuditEventRow } from "@/lib/db/schema";
import { auditPayload, dingTalkBody, eventId, eventText, notificationPayload, slackBody, webhookBody } from "../payload";

const row: AuditEventRow = {
  id: 7,
  operationId: "00000000-0000-4000-8000-000000000007",
  at: new Date("2026-12-07T08:00:00.000Z"),
  actorId: "u1",
  actorEmail: "ops@example.com",
  actorRole: "operator",
  action: "login.open",
  targetType: "instance",
  targetId: "aic-1",
  params: { minutes: 60 },
  result: null,
  phase: "completed",
  outcome: "success",
  errorCode: null,
  errorMessage: null,
  ensRequestId: "req-1",
  durationMs: 12,
  sourceIp: "203.0.113.1",
  userAgent: "ua",
  bulkId: null,
  prevHash: "p".repeat(64),
  hash: "h".repeat(64),
};

describe("outbound payloads", () => {
  it("an audit event carries its chain position and hashes", () => {
    const p = auditPayload(row);
    expect(p).toMatchObject({
      type: "audit.event",
      seq: 7,
      hash: row.hash,
      prevHash: row.prevHash,
      action: "login.open",
      outcome: "success",
    });
    expect(p.at).toBe("2026-12-07T08:00:00.000Z");
    expect(JSON.parse(webhookBody(p))).toEqual(p);
    expect(eventId(p)).toBe("audit_7");
  });

  it("DingTalk text in the destination's language, Slack in English", () => {
    const p = auditPayload(row);
    const en = JSON.parse(dingTalkBody(p, "en"));
    expect(en.msgtype).toBe("text");
    expect(en.text.content).toContain("Open login");
    expect(en.text.content).toContain("aic-1");
    expect(JSON.parse(dingTalkBody(p, "zh-CN")).text.content).toContain("开启登录");
    expect(JSON.parse(slackBody(p))).toEqual({ text: eventText(p, "en") });
  });

  it("a notification's sentence, and the key itself when a word is missing", () => {
    const n = notificationPayload({ seq: 3, kind: "request_approved", subject: "r1", values: { by: "boss@example.com" }, at: new Date(0) });
    expect(eventId(n)).toBe("notification_3");
    expect(eventText(n, "en")).toContain("boss@example.com");
    const unknown = notificationPayload({ seq: 4, kind: "no_such_kind", subject: "x", at: new Date(0) });
    expect(eventText(unknown, "zh-CN")).toContain("no_such_kind");
    expect(eventText(auditPayload({ ...row, action: "no.such_action" }), "en")).toContain("no.such_action");
  });
});

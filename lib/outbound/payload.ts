import { createTranslator } from "next-intl";
import type { AuditEventRow, OutboundLanguage } from "@/lib/db/schema";
import { MESSAGES } from "@/lib/i18n/messages";

/**
 * What a destination receives, as JSON. Transport-free: built from rows, signed by sign.ts and
 * sent by guard.ts. The webhook body is the full record; DingTalk and Slack get one line of text
 * a person reads (DingTalk in the destination's language; Slack in English).
 */

/** Every audit event, in chain order: `seq` is its chain position (audit_events.id). */
export interface AuditStreamPayload {
  type: "audit.event";
  /**
   * The chain position (audit_events.id), increasing in the stream. It may skip an id an append that
   * was refused left unused: a missing event shows as a `prevHash` that is not the previous `hash`.
   */
  seq: number;
  /** The event's hash, and the hash of the event before it in the chain. */
  hash: string;
  prevHash: string;
  /** ISO 8601, microseconds as stored. */
  at: string;
  operationId: string;
  phase: string;
  action: string;
  actor: { id: string | null; email: string | null; role: string | null };
  target: { type: string | null; id: string | null };
  outcome: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  ensRequestId: string | null;
  durationMs: number | null;
  bulkId: string | null;
  sourceIp: string | null;
  params: unknown;
  result: unknown;
}

/** One notification (the inbox's kinds), once per kind and subject whoever receives it in the console. */
export interface NotificationPayload {
  type: "notification";
  /** The notification stream's position (notifications.id of its first row). */
  seq: number;
  kind: string;
  subject: string;
  /** The values its sentence names (messages inbox.kinds.<kind>). */
  values: Record<string, string | number>;
  /** The console page it leads to (a path; the receiver knows the console's address). */
  href: string | null;
  at: string;
}

export type OutboundPayload = AuditStreamPayload | NotificationPayload;

/**
 * The event id a webhook carries in `webhook-id`: the same on every attempt and replay. A test
 * message (seq 0, from Send test) has its own each time, so a receiver never drops it as a repeat.
 */
export function eventId(p: Pick<OutboundPayload, "type" | "seq" | "at">): string {
  if (p.type === "notification" && p.seq === 0) return `test_${Date.parse(p.at)}`;
  return p.type === "audit.event" ? `audit_${p.seq}` : `notification_${p.seq}`;
}

/** What Send test sends: a notification of its own kind (seq 0: outside the stream), naming the destination. */
export function testPayload(destination: { id: string; name: string }, at: Date = new Date()): NotificationPayload {
  return notificationPayload({
    seq: 0,
    kind: "destination_test",
    subject: destination.id,
    values: { name: destination.name },
    href: `/settings/destinations/${destination.id}`,
    at,
  });
}

/** An audit event's row as the stream sends it (`at` in ISO 8601). */
export function auditPayload(row: AuditEventRow): AuditStreamPayload {
  return {
    type: "audit.event",
    seq: row.id,
    hash: row.hash,
    prevHash: row.prevHash,
    at: row.at.toISOString(),
    operationId: row.operationId,
    phase: row.phase,
    action: row.action,
    actor: { id: row.actorId, email: row.actorEmail, role: row.actorRole },
    target: { type: row.targetType, id: row.targetId },
    outcome: row.outcome,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    ensRequestId: row.ensRequestId,
    durationMs: row.durationMs,
    bulkId: row.bulkId,
    sourceIp: row.sourceIp,
    params: row.params ?? null,
    result: row.result ?? null,
  };
}

export interface NotificationInput {
  seq: number;
  kind: string;
  subject: string;
  values?: Record<string, string | number>;
  href?: string | null;
  at: Date | string;
}

export function notificationPayload(n: NotificationInput): NotificationPayload {
  return {
    type: "notification",
    seq: n.seq,
    kind: n.kind,
    subject: n.subject,
    values: n.values ?? {},
    href: n.href ?? null,
    at: typeof n.at === "string" ? n.at : n.at.toISOString(),
  };
}

/** The webhook body: the payload as JSON, exactly the bytes signed. */
export function webhookBody(p: OutboundPayload): string {
  return JSON.stringify(p);
}

const MISSING = "\u0000missing";

/** A message in `language`, or `fallback` when the key or one of its values is missing (never an error in the log). */
function say(language: OutboundLanguage, key: string, values: Record<string, string | number>, fallback: string): string {
  const t = createTranslator({
    locale: language,
    messages: MESSAGES[language],
    onError: () => {},
    getMessageFallback: () => MISSING,
  }) as unknown as (key: string, values?: Record<string, string | number>) => string;
  try {
    const text = t(key, values);
    return text === MISSING || text === "" ? fallback : text;
  } catch {
    return fallback;
  }
}

/** One line a person reads: what happened, to what, by whom, how it ended. */
export function eventText(p: OutboundPayload, language: OutboundLanguage): string {
  if (p.type === "notification") {
    const sentence = say(language, `inbox.kinds.${p.kind}`, p.values, p.kind);
    return `[AIC Console] ${sentence}`;
  }
  const label = say(language, `history.actions.${p.action.replaceAll(".", "_")}`, {}, p.action);
  const outcome = p.outcome ? say(language, `history.outcomes.${p.outcome}`, {}, p.outcome) : p.phase;
  const target = p.target.id ? ` ${p.target.type ?? ""} ${p.target.id}`.replace(/\s+/g, " ") : "";
  const actor = p.actor.email ?? p.actor.id ?? "-";
  return `[AIC Console] #${p.seq} ${label}${target} · ${actor} · ${outcome}`;
}

/** A DingTalk custom robot's text message. */
export function dingTalkBody(p: OutboundPayload, language: OutboundLanguage): string {
  return JSON.stringify({ msgtype: "text", text: { content: eventText(p, language) } });
}

/** A Slack incoming webhook's message. */
export function slackBody(p: OutboundPayload): string {
  return JSON.stringify({ text: eventText(p, "en") });
}

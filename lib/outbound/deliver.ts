import "server-only";
import type { OutboundDestinationRow } from "../db/schema";
import { OutboundError, post } from "./guard";
import { dingTalkBody, eventId, slackBody, webhookBody, type OutboundPayload } from "./payload";
import { dingTalkSignedUrl, signWebhook } from "./sign";

/**
 * One attempt to deliver one payload to one destination, whatever its kind, through guard.ts's
 * post() (the address checked at connect time, no redirect, 5 s, a bounded answer). Never throws:
 * a refusal, a timeout or a receiver's refusal is an attempt with `ok: false` and its reason.
 * Used by the outbox (outbox.ts) and by Send test. Nothing here logs.
 */

export interface DeliveryAttempt {
  ok: boolean;
  /** The HTTP status, or null when no answer came (refused, timed out, connection failed). */
  status: number | null;
  latencyMs: number;
  /** Why it failed, in words without the URL's query or the secret; null when ok. */
  error: string | null;
  /** The start of the receiver's answer (about 500 characters), with the secret and URL tokens cut out. */
  responseExcerpt: string;
}

export const EXCERPT_CHARS = 500;

type Destination = Pick<OutboundDestinationRow, "kind" | "url" | "secret" | "language">;

interface Request {
  url: string;
  headers: Record<string, string>;
  body: string;
}

function request(dest: Destination, payload: OutboundPayload, at: Date): Request {
  switch (dest.kind) {
    case "webhook": {
      if (!dest.secret) throw new OutboundError("refused", "the webhook has no signing secret", 0);
      const body = webhookBody(payload);
      return {
        url: dest.url,
        headers: { ...signWebhook(dest.secret, eventId(payload), at, body), "content-type": "application/json" },
        body,
      };
    }
    case "dingtalk": {
      if (!dest.secret) throw new OutboundError("refused", "the DingTalk robot has no signing secret", 0);
      return {
        url: dingTalkSignedUrl(dest.url, dest.secret, at),
        headers: { "content-type": "application/json" },
        body: dingTalkBody(payload, dest.language),
      };
    }
    case "slack":
      return { url: dest.url, headers: { "content-type": "application/json" }, body: slackBody(payload) };
    default:
      throw new OutboundError("refused", `unknown destination kind ${String(dest.kind)}`, 0);
  }
}

/** Values a receiver might echo that must not reach the console's tables or screens: the secret, the URL's query values and path. */
function secretsOf(dest: Destination, sentUrl: string): string[] {
  const out = new Set<string>();
  if (dest.secret) out.add(dest.secret);
  for (const raw of [dest.url, sentUrl]) {
    try {
      const u = new URL(raw);
      for (const v of u.searchParams.values()) if (v.length >= 8) out.add(v);
      // A Slack incoming webhook's path is its token (/services/T…/B…/secret).
      if (dest.kind === "slack") for (const part of u.pathname.split("/")) if (part.length >= 16) out.add(part);
    } catch {
      // not a URL: nothing to cut
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** The start of the answer, with anything secret cut out. */
export function excerpt(body: string, secrets: readonly string[]): string {
  let text = body;
  for (const s of secrets) text = text.split(s).join("[redacted]");
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

/** DingTalk answers 200 with `{"errcode":0}`; anything else in errcode is a refusal (a bad signature, too many messages). */
function dingTalkError(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return "DingTalk answered something other than JSON";
  }
  const code = (parsed as { errcode?: unknown } | null)?.errcode;
  if (code === 0 || code === "0") return null;
  const message = (parsed as { errmsg?: unknown }).errmsg;
  return `DingTalk errcode ${String(code ?? "missing")}${typeof message === "string" ? `: ${message.slice(0, 200)}` : ""}`;
}

/** Sends `payload` to `dest` once, signed for `at` (the attempt's time: webhook-timestamp, DingTalk's timestamp). */
export async function deliver(dest: OutboundDestinationRow, payload: OutboundPayload, at: Date = new Date()): Promise<DeliveryAttempt> {
  let req: Request;
  try {
    req = request(dest, payload, at);
  } catch (e) {
    return { ok: false, status: null, latencyMs: 0, error: e instanceof Error ? e.message : String(e), responseExcerpt: "" };
  }
  const secrets = secretsOf(dest, req.url);
  try {
    const r = await post(req.url, req.headers, req.body);
    const responseExcerpt = excerpt(r.body, secrets);
    if (r.status < 200 || r.status >= 300)
      return { ok: false, status: r.status, latencyMs: r.latencyMs, error: `HTTP ${r.status}`, responseExcerpt };
    const refused = dest.kind === "dingtalk" ? dingTalkError(r.body) : null;
    return { ok: !refused, status: r.status, latencyMs: r.latencyMs, error: refused ? excerpt(refused, secrets) : null, responseExcerpt };
  } catch (e) {
    const latencyMs = e instanceof OutboundError ? e.latencyMs : 0;
    const message =
      e instanceof OutboundError
        ? e.message.startsWith(e.reason)
          ? e.message
          : `${e.reason}: ${e.message}`
        : e instanceof Error
          ? e.message
          : String(e);
    return { ok: false, status: null, latencyMs, error: excerpt(message, secrets), responseExcerpt: "" };
  }
}

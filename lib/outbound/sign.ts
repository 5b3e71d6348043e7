import { createHmac, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * Signing what the console sends: Standard Webhooks (https://www.standardwebhooks.com/) for
 * webhooks, through the reference library rather than hand-made HMAC code, and the signed URL of
 * a DingTalk custom robot. Transport-free: nothing here sends or logs anything.
 */

export const WEBHOOK_SECRET_PREFIX = "whsec_";

/** A new webhook signing secret: `whsec_` and the base64 of 24 random bytes. Shown once. */
export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(24).toString("base64")}`;
}

export interface WebhookHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/**
 * The Standard Webhooks headers of one message. `msgId` is the event's id, the same on every
 * attempt and replay (receivers deduplicate on it); `at` the time of this attempt (its seconds go
 * in `webhook-timestamp`, which the signature covers with the id and the exact body).
 */
export function signWebhook(secret: string, msgId: string, at: Date, body: string): WebhookHeaders {
  const signature = new Webhook(secret).sign(msgId, at, body);
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
}

/** DingTalk's signature: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)), before URL encoding. */
export function dingTalkSignature(secret: string, timestampMs: number): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
}

/**
 * A DingTalk custom robot's signed URL (its "加签" security setting): the robot's webhook URL with
 * `timestamp` (milliseconds) and `sign` (the signature, URL-encoded) added as query parameters.
 * DingTalk refuses a timestamp more than an hour from its own clock, so sign at each attempt.
 */
export function dingTalkSignedUrl(robotUrl: string, secret: string, at: Date = new Date()): string {
  const u = new URL(robotUrl);
  const timestamp = at.getTime();
  u.searchParams.set("timestamp", String(timestamp));
  u.searchParams.set("sign", dingTalkSignature(secret, timestamp));
  return u.toString();
}

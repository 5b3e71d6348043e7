import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { dingTalkSignature, dingTalkSignedUrl, newWebhookSecret, signWebhook } from "../sign";

describe("Standard Webhooks signing", () => {
  it("makes whsec_ secrets of 24 random bytes", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(a.slice("whsec_".length), "base64")).toHaveLength(24);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it("signs so that the reference library's verify accepts the body and headers", () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: "audit.event", seq: 42, hash: "abc", text: "登录 ✓" });
    const headers = signWebhook(secret, "audit_42", new Date(), body);
    expect(headers["webhook-id"]).toBe("audit_42");
    expect(headers["webhook-signature"]).toMatch(/^v1,/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it("a changed body, another secret or an old timestamp does not verify", () => {
    const secret = newWebhookSecret();
    const body = '{"seq":1}';
    const headers = signWebhook(secret, "audit_1", new Date(), body);
    expect(() => new Webhook(secret).verify('{"seq":2}', { ...headers })).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, { ...headers })).toThrow();
    const old = signWebhook(secret, "audit_1", new Date(Date.now() - 60 * 60_000), body);
    expect(() => new Webhook(secret).verify(body, { ...old })).toThrow();
  });
});

describe("DingTalk custom robot signature", () => {
  /** What a DingTalk-compatible receiver does: recompute the HMAC from timestamp and secret, compare. */
  function receiverAccepts(signedUrl: string, secret: string, now = Date.now()): boolean {
    const u = new URL(signedUrl);
    const timestamp = u.searchParams.get("timestamp");
    const sign = u.searchParams.get("sign");
    if (!timestamp || !sign || Math.abs(now - Number(timestamp)) > 60 * 60_000) return false;
    const expected = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
    return sign === expected;
  }

  it("adds timestamp (ms) and the URL-encoded sign to the robot's URL, keeping its access token", () => {
    const secret = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";
    const at = new Date("2026-12-07T08:00:00.123Z");
    const url = dingTalkSignedUrl("https://oapi.dingtalk.com/robot/send?access_token=tok", secret, at);
    const u = new URL(url);
    expect(u.searchParams.get("access_token")).toBe("tok");
    expect(u.searchParams.get("timestamp")).toBe(String(at.getTime()));
    const sign = dingTalkSignature(secret, at.getTime());
    expect(url).toContain(`sign=${encodeURIComponent(sign)}`);
    expect(receiverAccepts(url, secret, at.getTime())).toBe(true);
  });

  it("a receiver with another secret, or a changed timestamp, refuses it", () => {
    const secret = "SECaaaa";
    const url = dingTalkSignedUrl("https://oapi.dingtalk.com/robot/send?access_token=tok", secret);
    expect(receiverAccepts(url, secret)).toBe(true);
    expect(receiverAccepts(url, "SECbbbb")).toBe(false);
    const u = new URL(url);
    u.searchParams.set("timestamp", String(Number(u.searchParams.get("timestamp")) + 1));
    expect(receiverAccepts(u.toString(), secret)).toBe(false);
  });
});

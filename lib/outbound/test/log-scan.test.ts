// The e2e runs' log scan (scripts/scan-logs.ts, run by scripts/test.sh) fails on destination
// secrets: a webhook's whsec_ signing secret, a DingTalk robot URL's signature or access token.
import { describe, expect, it } from "vitest";
import { scanText } from "@/scripts/scan-logs";
import { dingTalkSignedUrl, newWebhookSecret } from "../sign";

const scan = (text: string) => scanText("console.log", text, []).findings;
const line = (fields: Record<string, unknown>) => `${JSON.stringify({ level: 30, component: "outbound", ...fields })}\n`;

describe("the log scan covers outbound destinations' secrets", () => {
  it("a webhook signing secret, wherever it is in a line", () => {
    const secret = newWebhookSecret();
    expect(scan(line({ msg: `secret ${secret}` }))).toEqual(["console.log:1: contains a webhook signing secret"]);
    expect(scan(line({ err: { message: `bad ${secret.slice(0, 30)}` } }))).toHaveLength(1);
  });

  it("a DingTalk robot URL's access token or signature", () => {
    const url = dingTalkSignedUrl(
      "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123",
      "SEC0123456789abcdef",
      new Date(),
    );
    expect(scan(line({ url }))[0]).toBe("console.log:1: contains a DingTalk signature or access token");
    expect(scan(line({ msg: `${new URL(url).pathname}?timestamp=1&sign=AbCdEfGh1234%2B%3D` }))).toHaveLength(1);
  });

  it("what the outbox does log passes: the destination's id and name, an HTTP status, a sign-in path", () => {
    const text = [
      line({
        destination: "5b0c6c1e-2f3a-4f39-9a55-3c0d8f1e2a10",
        name: "SIEM",
        status: 503,
        error: "HTTP 503",
        msg: "outbound delivery failed",
      }),
      line({ route: "/api/auth/signin?callbackUrl=%2Finstances", msg: "whsec_ secrets are shown once" }),
    ].join("");
    expect(scan(text)).toEqual([]);
  });
});

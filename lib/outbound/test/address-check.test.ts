import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { checkDestinationAddress, isForbiddenAddress } = await import("../address-check");

const refusal = (url: string, allow: string[] = []) =>
  checkDestinationAddress(url, allow).then(
    () => null,
    (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
  );

describe("where a destination may point, checked when it is saved", () => {
  it("refuses loopback, private, link-local, metadata and unspecified addresses, v4 and v6", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fc00::1",
      "::ffff:127.0.0.1",
      "100.64.0.1",
    ])
      expect(isForbiddenAddress(a), a).toBe(true);
    for (const a of ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]) expect(isForbiddenAddress(a), a).toBe(false);
  });

  it("refuses 127.0.0.1 and the metadata address without CONSOLE_OUTBOUND_ALLOW, with the address in the words", async () => {
    expect(await refusal("https://127.0.0.1:8443/hook")).toMatchObject({
      code: "Console.DestinationRefused",
      message: expect.stringContaining("127.0.0.1 is not a public address"),
    });
    expect(await refusal("https://169.254.169.254/latest/meta-data")).toMatchObject({ code: "Console.DestinationRefused" });
    expect(await refusal("https://[::1]/hook")).toMatchObject({ code: "Console.DestinationRefused" });
  });

  it("refuses a host name that resolves to a private address (localhost), and plain http to a host not allow-listed", async () => {
    expect(await refusal("https://localhost:8443/hook")).toMatchObject({
      code: "Console.DestinationRefused",
      message: expect.stringContaining("resolves to"),
    });
    expect(await refusal("http://93.184.216.34/hook")).toMatchObject({
      code: "Console.DestinationRefused",
      message: expect.stringContaining("plain http"),
    });
  });

  it("never names a URL's query in its refusal (a DingTalk access token)", async () => {
    const r = await refusal("https://127.0.0.1/robot/send?access_token=SECRET-TOKEN-1");
    expect(r?.message).not.toContain("SECRET-TOKEN-1");
  });

  it("lets through a public address, and an allow-listed host over plain http", async () => {
    expect(await refusal("https://93.184.216.34/hook")).toBeNull();
    expect(await refusal("http://127.0.0.1:9999/hook", ["127.0.0.1"])).toBeNull();
  });
});

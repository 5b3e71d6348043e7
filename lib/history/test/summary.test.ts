import { describe, expect, it } from "vitest";
import { paramsSummary } from "../summary";

describe("History's one-line summary", () => {
  it("names the owner of the personal key a login change used, before the params", () => {
    const line = paramsSummary("login.open", { action: "open", keyName: "u3fa85f645717-laptop" }, { keyOwner: "alice@example.com" });
    expect(line).toBe("keyOwner=alice@example.com action=open keyName=u3fa85f645717-laptop");
  });

  it("says nothing of an owner for a shared key, and stays within 80 characters", () => {
    expect(paramsSummary("login.open", { action: "open", keyName: "shared" }, null)).toBe("action=open keyName=shared");
    const long = paramsSummary("login.open", { action: "open", keyName: "x".repeat(100) }, { keyOwner: "alice@example.com" });
    expect(long).toHaveLength(80);
    expect(long.endsWith("…")).toBe(true);
  });
});

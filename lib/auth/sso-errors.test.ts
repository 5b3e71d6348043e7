import { describe, expect, it } from "vitest";
import { signInErrorKey } from "./sso-errors";

describe("signInErrorKey", () => {
  it("names the sentence for a known refusal code", () => {
    expect(signInErrorKey("CredentialsSignin", "Console.Forbidden")).toBe("ssoNoRole");
    expect(signInErrorKey("CredentialsSignin", "Console.SsoEmailUnverified")).toBe("ssoEmailUnverified");
    expect(signInErrorKey("CredentialsSignin", "Console.AccountDisabled")).toBe("accountDisabled");
    expect(signInErrorKey("CredentialsSignin", "Console.SsoUnavailable")).toBe("ssoUnavailable");
  });

  it("gives the general sentence for Auth.js's own errors and for anything else in the address", () => {
    expect(signInErrorKey("Configuration", undefined)).toBe("ssoFailed");
    expect(signInErrorKey("CredentialsSignin", "<script>alert(1)</script>")).toBe("ssoFailed");
    expect(signInErrorKey("CredentialsSignin", "toString")).toBe("ssoFailed");
    expect(signInErrorKey("CredentialsSignin", ["Console.Forbidden"])).toBe("ssoFailed");
  });

  it("says nothing without an error", () => {
    expect(signInErrorKey(undefined, "Console.Forbidden")).toBeNull();
    expect(signInErrorKey("", undefined)).toBeNull();
  });
});

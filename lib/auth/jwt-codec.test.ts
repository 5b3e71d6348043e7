import { afterEach, describe, expect, it, vi } from "vitest";
import * as authjs from "next-auth/jwt";
import { decode, encode } from "./jwt-codec";

const secret = "test-secret-0123456789abcdef0123456789";
const salt = "authjs.session-token";
const claims = { uid: "u-1", role: "operator", email: "op@test", loginAt: 1, lastSeen: 2 };

afterEach(() => vi.useRealTimers());

function flip(token: string, part: number): string {
  const parts = token.split(".");
  const bytes = Buffer.from(parts[part], "base64url");
  bytes[bytes.length - 1] ^= 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("session token codec", () => {
  it("reads tokens Auth.js wrote, and Auth.js reads the ones it writes", async () => {
    const byAuthjs = await authjs.encode({ token: claims, secret, salt, maxAge: 3600 });
    expect(await decode({ token: byAuthjs, secret, salt })).toMatchObject(claims);
    const ours = await encode({ token: claims, secret, salt, maxAge: 3600 });
    const read = await authjs.decode({ token: ours, secret, salt });
    expect(read).toMatchObject(claims);
    expect(read!.exp! - read!.iat!).toBe(3600);
    expect(read!.jti).toMatch(/^[0-9a-f-]{36}$/);
    // Same key id (thumbprint) in both headers.
    const kid = (t: string) => JSON.parse(Buffer.from(t.split(".")[0], "base64url").toString()).kid;
    expect(kid(ours)).toBe(kid(byAuthjs));
  });

  it("refuses a token changed in any part, signed with another secret, or for another cookie", async () => {
    const token = await encode({ token: claims, secret, salt });
    for (const part of [0, 2, 3, 4]) await expect(decode({ token: flip(token, part), secret, salt })).rejects.toThrow();
    await expect(decode({ token, secret: "another-secret-0123456789abcdef0123", salt })).rejects.toThrow();
    await expect(decode({ token, secret, salt: "__Secure-authjs.session-token" })).rejects.toThrow();
    await expect(decode({ token: token.replace(/\.[^.]+$/, ".!!!"), secret, salt })).rejects.toThrow();
    await expect(decode({ token: "a.b.c", secret, salt })).rejects.toThrow();
    expect(await decode({ token: "", secret, salt })).toBeNull();
  });

  it("refuses an expired token (15 s leeway, like Auth.js)", async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 8, 0, 0) });
    const token = await encode({ token: claims, secret, salt, maxAge: 60 });
    vi.setSystemTime(Date.UTC(2026, 10, 22, 8, 1, 10));
    expect(await decode({ token, secret, salt })).toMatchObject(claims);
    vi.setSystemTime(Date.UTC(2026, 10, 22, 8, 1, 16));
    await expect(decode({ token, secret, salt })).rejects.toThrow(/expired/);
  });

  it("rotates secrets: writes with the first, reads with any", async () => {
    const old = await authjs.encode({ token: claims, secret: "old-secret-0123456789abcdef0123456", salt });
    expect(
      await decode({ token: old, secret: ["new-secret-0123456789abcdef0123456", "old-secret-0123456789abcdef0123456"], salt }),
    ).toMatchObject(claims);
    const fresh = await encode({
      token: claims,
      secret: ["new-secret-0123456789abcdef0123456", "old-secret-0123456789abcdef0123456"],
      salt,
    });
    expect(await authjs.decode({ token: fresh, secret: "new-secret-0123456789abcdef0123456", salt })).toMatchObject(claims);
  });
});

import { describe, expect, it, vi } from "vitest";

const calls = vi.hoisted(() => [] as Array<{ N?: number; r?: number; p?: number }>);
vi.mock("node:crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:crypto")>();
  const scrypt = ((...args: Parameters<typeof real.scrypt>) => {
    calls.push(args[3] as { N?: number });
    return (real.scrypt as (...a: unknown[]) => void)(...args);
  }) as typeof real.scrypt;
  return { ...real, default: { ...real, scrypt }, scrypt };
});

const { hashPassword, needsRehash, verifyPassword } = await import("./password");

describe("password hashing", () => {
  it("makes scrypt hashes, and an unknown user's check costs one scrypt with the same parameters as a real one", async () => {
    const hash = await hashPassword("a-long-password-1");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(needsRehash(hash)).toBe(false);
    calls.length = 0;
    expect(await verifyPassword("a-long-password-1", hash)).toBe(true);
    expect(await verifyPassword("a-long-password-1", undefined)).toBe(false);
    expect(await verifyPassword("a-long-password-1", null)).toBe(false);
    expect(calls.map((c) => [c.N, c.r, c.p])).toEqual([
      [32768, 8, 1],
      [32768, 8, 1],
      [32768, 8, 1],
    ]);
  });

  it("refuses a stored hash asking for more work than the console would do", async () => {
    expect(await verifyPassword("x", "scrypt$4194304$8$1$AAAA$AAAA")).toBe(false);
    expect(needsRehash("$2b$11$CwTycUXWue0Thq9StjUM0uJ8.6p2dF0rP6G6X5N5Z1k7dQK8G3V3e")).toBe(true);
  });
});

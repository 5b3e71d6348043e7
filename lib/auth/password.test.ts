import { describe, expect, it, vi } from "vitest";

const calls = vi.hoisted(() => [] as Array<{ N?: number; r?: number; p?: number }>);
const running = vi.hoisted(() => ({ now: 0, max: 0 }));
vi.mock("node:crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:crypto")>();
  const scrypt = ((...args: unknown[]) => {
    calls.push(args[3] as { N?: number });
    running.max = Math.max(running.max, ++running.now);
    const done = args[4] as (...r: unknown[]) => void;
    return (real.scrypt as (...a: unknown[]) => void)(...args.slice(0, 4), (...r: unknown[]) => {
      running.now--;
      done(...r);
    });
  }) as typeof real.scrypt;
  return { ...real, default: { ...real, scrypt }, scrypt };
});
// Three cores: two hashes at once, one core left to the event loop.
vi.mock("node:os", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:os")>();
  return { ...real, default: { ...real, availableParallelism: () => 3 }, availableParallelism: () => 3 };
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

  it("hashes at most cores - 1 passwords at once; the others wait their turn and still verify", async () => {
    const hash = await hashPassword("a-long-password-2");
    running.max = 0;
    const checks = await Promise.all(
      ["a-long-password-2", "wrong-password-2", "a-long-password-2", "wrong-password-2", "a-long-password-2"].map((p) =>
        verifyPassword(p, hash),
      ),
    );
    expect(checks).toEqual([true, false, true, false, true]);
    expect(running.max).toBe(2);
    expect(running.now).toBe(0);
  });

  it("refuses a stored hash asking for more work than the console would do", async () => {
    expect(await verifyPassword("x", "scrypt$4194304$8$1$AAAA$AAAA")).toBe(false);
    expect(needsRehash("$2b$11$CwTycUXWue0Thq9StjUM0uJ8.6p2dF0rP6G6X5N5Z1k7dQK8G3V3e")).toBe(true);
  });
});

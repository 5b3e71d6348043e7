import { performance } from "node:perf_hooks";
import { describe, expect, it, vi } from "vitest";

// Every scrypt the module asks the pool for, with its parameters (the pool itself is the real one).
const calls = vi.hoisted(() => [] as Array<{ n: number; r: number; p: number }>);
vi.mock("./hash-pool", async (importOriginal) => {
  const real = await importOriginal<typeof import("./hash-pool")>();
  return {
    ...real,
    scryptInPool: (...args: Parameters<typeof real.scryptInPool>) => {
      calls.push({ n: args[3].n, r: args[3].r, p: args[3].p });
      return real.scryptInPool(...args);
    },
  };
});
// Three cores: two password workers, one core left to the event loop.
vi.mock("node:os", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:os")>();
  return { ...real, default: { ...real, availableParallelism: () => 3 }, availableParallelism: () => 3 };
});

const { hashPassword, needsRehash, verifyPassword } = await import("./password");
const { hashPoolState, scryptInPool } = await import("./hash-pool");

// Hashes written before the checks moved to worker threads (node:crypto's scrypt on the main
// process, and bcryptjs), for "an-existing-password-9" / "an-old-bcrypt-password".
const STORED_SCRYPT = "scrypt$32768$8$1$MDEyMzQ1Njc4OWFiY2RlZg==$dsDrJ3gx9/xnJSPr3642jcFMDZBRODLg/1qSG0ukhKM=";
const STORED_WEAKER_SCRYPT = "scrypt$16384$8$1$MDEyMzQ1Njc4OWFiY2RlZg==$4Fo902Vv+hY7IGrHx2waFwC5feD2O5buQQABXoHwi58=";
const STORED_BCRYPT = "$2b$10$KUrq9sh4in/ibeO4hDFRd.IZqYgHJRfAu5zilRwYhbczPb7.QKGYe";

describe("password hashing", () => {
  it("makes scrypt hashes, and an unknown user's check costs one scrypt with the same parameters as a real one", async () => {
    const hash = await hashPassword("a-long-password-1");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(needsRehash(hash)).toBe(false);
    calls.length = 0;
    expect(await verifyPassword("a-long-password-1", hash)).toBe(true);
    expect(await verifyPassword("a-long-password-1", undefined)).toBe(false);
    expect(await verifyPassword("a-long-password-1", null)).toBe(false);
    expect(calls.map((c) => [c.n, c.r, c.p])).toEqual([
      [32768, 8, 1],
      [32768, 8, 1],
      [32768, 8, 1],
    ]);
  });

  it("hashes stored before still verify: scrypt (also with older parameters, then rehashed) and bcrypt", async () => {
    expect(await verifyPassword("an-existing-password-9", STORED_SCRYPT)).toBe(true);
    expect(await verifyPassword("an-existing-password-8", STORED_SCRYPT)).toBe(false);
    expect(await verifyPassword("an-existing-password-9", STORED_WEAKER_SCRYPT)).toBe(true);
    expect(needsRehash(STORED_WEAKER_SCRYPT)).toBe(true);
    expect(await verifyPassword("an-old-bcrypt-password", STORED_BCRYPT)).toBe(true);
    expect(await verifyPassword("an-old-bcrypt-passwore", STORED_BCRYPT)).toBe(false);
    expect(needsRehash(STORED_BCRYPT)).toBe(true);
    // NFC: the same password typed with a combining accent verifies against the composed one.
    const composed = await hashPassword("caf\u00e9-password-1");
    expect(await verifyPassword("cafe\u0301-password-1", composed)).toBe(true);
  });

  it("checks on at most cores - 1 workers at once; the others wait their turn and still verify", async () => {
    const hash = await hashPassword("a-long-password-2");
    let most = 0;
    let queued = 0;
    const sample = setInterval(() => {
      const s = hashPoolState();
      most = Math.max(most, s.size - s.free);
      queued = Math.max(queued, s.waiting);
    }, 1);
    try {
      const checks = await Promise.all(
        ["a-long-password-2", "wrong-password-2", "a-long-password-2", "wrong-password-2", "a-long-password-2"].map((p) =>
          verifyPassword(p, hash),
        ),
      );
      expect(checks).toEqual([true, false, true, false, true]);
    } finally {
      clearInterval(sample);
    }
    expect(most).toBe(2);
    expect(queued).toBeGreaterThan(0);
    expect(hashPoolState()).toMatchObject({ size: 2, free: 2, waiting: 0, alive: 2, idle: 2 });
  });

  // bcryptjs is pure JavaScript: on the main thread a cost-10 compare held the event loop for its
  // whole run (slices of up to 100 ms). The event loop's own busy share does not depend on how
  // loaded the machine is; a timer's lateness does.
  it("a legacy bcrypt check leaves the event loop idle (it runs on a worker)", async () => {
    const before = performance.eventLoopUtilization();
    expect(await verifyPassword("an-old-bcrypt-password", STORED_BCRYPT)).toBe(true);
    expect(performance.eventLoopUtilization(before).utilization).toBeLessThan(0.5);
  });

  it("a check that fails in its worker rejects, and the pool goes on", async () => {
    await expect(scryptInPool("x", Buffer.alloc(16), 32, { n: 3, r: 8, p: 1, maxmem: 2 ** 26 })).rejects.toThrow(/password check failed/);
    expect(await verifyPassword("an-existing-password-9", STORED_SCRYPT)).toBe(true);
    expect(hashPoolState()).toMatchObject({ free: 2, waiting: 0 });
  });

  it("refuses a stored hash asking for more work than the console would do", async () => {
    expect(await verifyPassword("x", "scrypt$4194304$8$1$AAAA$AAAA")).toBe(false);
    expect(needsRehash("$2b$11$CwTycUXWue0Thq9StjUM0uJ8.6p2dF0rP6G6X5N5Z1k7dQK8G3V3e")).toBe(true);
  });
});

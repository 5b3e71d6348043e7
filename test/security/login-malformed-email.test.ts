import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "@/lib/audit/verify";
import { attemptLogin } from "@/lib/auth/login";
import { createUser } from "@/lib/auth/users";
import { queryRows } from "@/lib/db/client";
import { signInInput } from "@/lib/auth/sign-in-input";
import { BACKENDS, freshDb } from "../support/db";

/** What an attacker types into the sign-in form's email field (valid UTF-8 on the wire or not). */
const MALFORMED = [
  `${"a".repeat(319)}😀`,
  `${"a".repeat(300)}@example.test`,
  "ab\ud83d@example.test",
  "ab\udc00@example.test",
  "no-at-sign.example.test",
  "two@@example.test",
  "ctl\u0000@example.test",
  "ctl\u0007x@example.test",
  "bidi\u202e@example.test",
  "zero\u200bwidth@example.test",
  "new\nline@example.test",
  "@example.test",
  "user@",
  "user@-bad-.test",
];

describe.each(BACKENDS)("malformed sign-in emails on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  beforeAll(async () => {
    h = await freshDb(kind);
    await createUser(h.db, { email: "real@example.test", role: "viewer", password: "real-password-123" });
  });
  afterAll(async () => h?.drop());

  it("are refused with a clear error before anything is audited or checked; the chain stays intact", async () => {
    for (const email of MALFORMED) {
      const r = await attemptLogin(h.db, { email, password: "whatever-123", ip: "203.0.113.5", userAgent: "fuzzer" });
      expect(r, JSON.stringify(email)).toEqual({ ok: false, code: "Console.InvalidEmail" });
      const form = signInInput.safeParse({ email, password: "whatever-123" });
      expect(form.success).toBe(false);
      expect(form.error?.issues[0]?.message).toBe("Enter a valid email address.");
    }
    const [{ n }] = await queryRows<{ n: number }>(h.db, sql`SELECT count(*)::int AS n FROM audit_events`);
    expect(Number(n)).toBe(0);
    // A well-formed address, in any case and with spaces around it, still signs in.
    expect(
      (await attemptLogin(h.db, { email: "  Real@Example.TEST ", password: "real-password-123", ip: "198.51.100.1", userAgent: "browser" }))
        .ok,
    ).toBe(true);
    expect(await verifyChain(h.db)).toMatchObject({ intact: true });
  });
});

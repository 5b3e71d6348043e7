import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent, withAudit } from "@/lib/audit/append";
import { auditText, boundedJson, cutText, MAX_EVENT_JSON_BYTES, wellFormed } from "@/lib/audit/sanitize";
import { verifyChain } from "@/lib/audit/verify";
import { BACKENDS, freshDb } from "@/test/support/db";

// Values an attacker can put in any audited field from the sign-in page or a server action.
const ODD_TEXT = [
  `${"a".repeat(319)}\u{1F600}`, // cut at 320 units used to split the pair
  "\uD83D",
  "x\uDE00y",
  "nul\u0000inside",
  `${"é".repeat(5000)}\u{1F600}`,
  "\u{1F600}".repeat(3000),
];

describe("well-formed, bounded text", () => {
  it("never splits a surrogate pair and never keeps a lone surrogate", () => {
    for (const s of ODD_TEXT) {
      for (const max of [1, 319, 320, 321, 2000]) {
        const out = auditText(s, max)!;
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out, s.slice(0, 10)).toBe(out.toWellFormed());
        expect(Buffer.from(out, "utf8").toString("utf8")).toBe(out);
      }
    }
    expect(cutText("ab\u{1F600}", 3)).toBe("ab");
    expect(wellFormed("\uD83D")).toBe("\uFFFD");
  });

  it("caps a JSON value at 8 KB, keeping its size and SHA-256", () => {
    const big = boundedJson(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, "x".repeat(1 << 20)]))) as {
      truncated: boolean;
      bytes: number;
      sha256: string;
    };
    expect(big.truncated).toBe(true);
    expect(big.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThanOrEqual(MAX_EVENT_JSON_BYTES);
    expect(boundedJson({ a: new Date(Number.NaN), b: -0, c: Number.NaN })).toEqual({ a: "[invalid date]", b: 0, c: "NaN" });
  });
});

describe.each(BACKENDS)("odd values keep the chain intact on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  beforeAll(async () => {
    h = await freshDb(kind);
  });
  afterAll(async () => h?.drop());

  it("every text field and JSON value, cut anywhere, verifies after the database round trip", async () => {
    for (const s of ODD_TEXT) {
      await appendEvent(h.db, {
        operationId: randomUUID(),
        actor: { id: s, email: s, role: s },
        action: s,
        target: { type: s, id: s },
        params: { [s]: s, nested: [s, { s }], d: new Date(Number.NaN) },
        phase: "completed",
        outcome: "failure",
        errorCode: s,
        errorMessage: s.repeat(3),
        ensRequestId: s,
        sourceIp: s,
        userAgent: s,
        bulkId: s,
        result: { s },
      });
    }
    expect(await verifyChain(h.db)).toMatchObject({ intact: true, count: ODD_TEXT.length });
  });

  it("withAudit commits a change and its events together, or neither", async () => {
    const before = (await verifyChain(h.db)).count;
    await expect(
      withAudit(h.db, async (_tx, audit) => {
        await audit({ operationId: randomUUID(), action: "user.create", phase: "completed", outcome: "success" });
        throw new Error("the change failed after its event was written");
      }),
    ).rejects.toThrow(/change failed/);
    expect((await verifyChain(h.db)).count).toBe(before);
    await withAudit(h.db, (_tx, audit) =>
      audit({ operationId: randomUUID(), action: "user.create", phase: "completed", outcome: "success" }),
    );
    expect(await verifyChain(h.db)).toMatchObject({ intact: true, count: before + 1 });
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent } from "@/lib/audit/append";
import { CSV_COLUMNS, csvCell, exportStream } from "@/lib/audit/export";
import { historyFilterSchema } from "@/lib/audit/filter";
import { BACKENDS, freshDb } from "@/test/support/db";

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("csv escaping", () => {
  it("guards formula cells with a leading quote", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+1")).toBe(`"'+1"`);
    expect(csvCell("-2+3")).toBe(`"'-2+3"`);
    expect(csvCell("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    expect(csvCell("\t=1")).toBe(`"'\t=1"`);
    expect(csvCell("\r=1")).toBe(`"'\r'=1"`);
  });
  it("guards a formula after a ; and at the start of any line inside the cell", () => {
    expect(csvCell("ok;=cmd|' /C calc'!A0")).toBe(`"ok;'=cmd|' /C calc'!A0"`);
    expect(csvCell("a; +1;  @x")).toBe(`"a;' +1;'  @x"`);
    expect(csvCell("first line\n=1+1")).toBe(`"first line\n'=1+1"`);
    expect(csvCell("first\r\n-1")).toBe(`"first\r\n'-1"`);
    expect(csvCell("a;b")).toBe(`"a;b"`);
    expect(csvCell("x=1, y-2")).toBe(`"x=1, y-2"`);
  });
  it("quotes every cell, doubling quotes", () => {
    expect(csvCell("a,b")).toBe(`"a,b"`);
    expect(csvCell('say "hi"')).toBe(`"say ""hi"""`);
    expect(csvCell("line\nbreak")).toBe(`"line\nbreak"`);
    expect(csvCell("aic-1")).toBe(`"aic-1"`);
    expect(csvCell(null)).toBe(`""`);
    expect(csvCell(42)).toBe(`"42"`);
    expect(csvCell({ Users: ["1", "2"] })).toBe(`"{""Users"":[""1"",""2""]}"`);
  });
});

describe.each(BACKENDS)("export stream on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  beforeAll(async () => {
    h = await freshDb(kind);
    for (let i = 0; i < 25; i++) {
      await appendEvent(h.db, {
        operationId: randomUUID(),
        actor: { id: "u", email: i % 2 ? "odd@x.test" : "even@x.test", role: "operator" },
        action: "key.delete",
        target: { type: "key", id: i === 3 ? "=cmd|' /C calc'!A0" : `key-${i}` },
        phase: "completed",
        outcome: "success",
      });
    }
  });
  afterAll(async () => h?.drop());

  it("streams the filtered rows as CSV across batches, guarded", async () => {
    const out = await text(exportStream(h.db, historyFilterSchema.parse({ actor: "odd@x.test" }), { format: "csv", batchSize: 5 }));
    const lines = out.trimEnd().split("\r\n");
    expect(lines[0]).toBe(CSV_COLUMNS.map((c) => `"${c}"`).join(","));
    expect(lines).toHaveLength(1 + 12);
    expect(lines.slice(1).every((l) => l.includes("odd@x.test"))).toBe(true);
    const all = await text(exportStream(h.db, historyFilterSchema.parse({}), { format: "csv", batchSize: 7 }));
    expect(all).toContain(`,"'=cmd|' /C calc'!A0",`);
    expect(all.trimEnd().split("\r\n")).toHaveLength(26);
  });

  it("streams JSON Lines and stops at asOf", async () => {
    const asOf = new Date();
    await new Promise((r) => setTimeout(r, 5));
    await appendEvent(h.db, { operationId: randomUUID(), action: "history.export", phase: "completed", outcome: "success" });
    const out = await text(exportStream(h.db, historyFilterSchema.parse({}), { format: "jsonl", batchSize: 10, asOf, signingKey: null }));
    const lines = out
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    const rows = lines.slice(0, -1);
    expect(rows).toHaveLength(25);
    expect(lines.at(-1)).toMatchObject({
      checkpoint: null,
      unanchored: expect.stringMatching(/no signing key/),
      export: { filtered: false, operations: 25 },
    });
    expect(rows[0]).toMatchObject({ action: "key.delete", targetId: "key-24", outcome: "success" });
    expect(rows.some((r) => r.action === "history.export")).toBe(false);
  });
});

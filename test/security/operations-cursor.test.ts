import { describe, expect, it } from "vitest";
import { decodeJobCursor, encodeJobCursor } from "@/lib/jobs/cursor";
import { jobListFilter } from "@/lib/jobs/schema";
import { TAMPERED_CURSORS } from "./corpus";

const ID = "0b8f3f5e-6f0a-4c1e-9d55-2a1f3c4d5e6f";

describe("the operations cursor", () => {
  it("reads back what the list wrote, and the cursors written before it (Buffer's base64url)", () => {
    const at = new Date("2026-12-03T10:11:12.345Z");
    const c = encodeJobCursor(at, ID);
    expect(c).toBe(Buffer.from(`${at.toISOString()}|${ID}`).toString("base64url"));
    expect(decodeJobCursor(c)).toEqual({ at: at.toISOString(), id: ID });
  });

  it("refuses every tampered cursor, so nothing but a real timestamp and uuid reaches SQL", () => {
    for (const c of TAMPERED_CURSORS) expect(decodeJobCursor(c), c).toBeNull();
  });

  it("the list filter drops a tampered cursor (the page shows the newest operations)", () => {
    for (const c of TAMPERED_CURSORS) expect(jobListFilter.parse({ cursor: c }).cursor, c).toBeUndefined();
  });
});

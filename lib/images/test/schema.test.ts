import { describe, expect, it } from "vitest";
import { exampleInputs, shareImageInput } from "../schema";
import { chunk, mergeUids, splitUids, uidProblem } from "../uid";

const A = "1234567890123456";
const B = "6543210987654321";
const IMG = "m-1f2561e52a9e0854487599d9408c519";

describe("UID parsing", () => {
  it("splits on commas, spaces, semicolons and newlines", () => {
    expect(splitUids(`${A}, 12345, ${A}\n${B}`)).toEqual([A, "12345", A, B]);
    expect(splitUids(` ${A};${B}\r\n\t;, `)).toEqual([A, B]);
    expect(splitUids("")).toEqual([]);
  });

  it("merges duplicates and reports them once", () => {
    const r = mergeUids([A], [A, "12345", B, B]);
    expect(r.values).toEqual([A, "12345", B]);
    expect(r.duplicates).toEqual([A, B]);
  });

  it("says why a UID is invalid", () => {
    expect(uidProblem(A)).toBeNull();
    expect(uidProblem("12345")).toMatch(/16 digits; this has 5/);
    expect(uidProblem("12345678901234567")).toMatch(/this has 17/);
    expect(uidProblem("123456789012345a")).toMatch(/Only digits/);
  });

  it("chunks into groups of at most n", () => {
    expect(chunk([...Array(23).keys()], 10).map((c) => c.length)).toEqual([10, 10, 3]);
    expect(chunk([], 10)).toEqual([]);
  });
});

describe("shareImageInput", () => {
  const uids = (n: number) => Array.from({ length: n }, (_, i) => String(1_000_000_000_000_000 + i));

  it("accepts its example and 1..100 distinct UIDs", () => {
    expect(shareImageInput.safeParse(exampleInputs["image.share"]).success).toBe(true);
    expect(shareImageInput.safeParse({ imageId: IMG, users: [A] }).success).toBe(true);
    expect(shareImageInput.safeParse({ imageId: IMG, users: uids(100) }).success).toBe(true);
  });

  it("rejects none, 101, duplicates, malformed UIDs and bad image ids", () => {
    expect(shareImageInput.safeParse({ imageId: IMG, users: [] }).success).toBe(false);
    expect(shareImageInput.safeParse({ imageId: IMG, users: uids(101) }).success).toBe(false);
    expect(shareImageInput.safeParse({ imageId: IMG, users: [A, A] }).success).toBe(false);
    expect(shareImageInput.safeParse({ imageId: IMG, users: ["12345"] }).success).toBe(false);
    expect(shareImageInput.safeParse({ imageId: "<script>", users: [A] }).success).toBe(false);
    expect(shareImageInput.safeParse({ imageId: IMG }).success).toBe(false);
  });
});

// DescribeAICImages and ShareAICImage through the real SDK (V3 and V1).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_ACCESS_KEY, type RunningEmulator, startEmulator } from "../server";
import { call, callError, control, makeClient } from "./sdk";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, servers: 4, aicsPerServer: 2 });
});
afterAll(() => emu.close());
beforeEach(() => control(emu.url, "reset", {}));

describe.each([
  ["V3", false],
  ["V1", true],
])("AIC images (%s)", (_n, v1) => {
  const client = () => makeClient(emu.endpoint, DEMO_ACCESS_KEY, { v1 });
  const images = (q: Record<string, string> = {}) => call(client(), "DescribeAICImages", { PageSize: "100", ...q });

  it("lists about a dozen images, one with a script in its description", async () => {
    const got = await call(client(), "DescribeAICImages");
    expect(got).toMatchObject({ PageNumber: 1, PageSize: 10, TotalCount: 12 });
    expect(got.Images).toHaveLength(10);
    const all = (await images()).Images as any[];
    expect(all.some((i) => i.Description.includes("<script>alert(1)</script>"))).toBe(true);
    for (const img of all) {
      expect(img.ImageId).toMatch(/^m-[0-9a-f]{31}$/);
      expect(Object.keys(img).sort()).toEqual(["AndroidVersion", "CreationTime", "Description", "ImageId", "ImageUrl", "Status", "User"]);
    }
  });

  it("applies every filter", async () => {
    const all = (await images()).Images as any[];
    expect((await images({ ImageId: all[3].ImageId })).Images).toEqual([all[3]]);
    expect((await images({ ImageUrl: all[4].ImageUrl })).Images).toEqual([all[4]]);
    expect((await images({ Status: "verifying" })).TotalCount).toBe(all.filter((i) => i.Status === "verifying").length);
    expect((await images({ Status: "disable" })).TotalCount).toBe(1);
    const pub = (await images({ ImageType: "public" })).TotalCount;
    const priv = (await images({ ImageType: "private" })).TotalCount;
    expect(pub + priv).toBe(12);
    expect(pub).toBeGreaterThan(0);
    expect((await images({ MinDate: "2025-01-01" })).Images.every((i: any) => i.CreationTime >= "2025-01-01")).toBe(true);
    expect((await images({ MaxDate: "2022-12-31" })).TotalCount).toBe(1);
    expect((await images({ Description: "<script>" })).TotalCount).toBe(1);
    expect((await call(client(), "DescribeAICImages", { PageNumber: "2", PageSize: "5" })).Images).toEqual(all.slice(5, 10));
  });

  it.each([
    [{ Status: "ready" }, "InvalidParameter.Status"],
    [{ ImageType: "shared" }, "InvalidParameter.ImageType"],
    [{ PageSize: "101" }, "InvalidParameter.PageSize"],
    [{ PageSize: "ten" }, "InvalidParameter.PageSize"],
    [{ PageNumber: "0" }, "InvalidParameter.PageNumber"],
    [{ MinDate: "yesterday" }, "InvalidParameter.MinDate"],
  ])("rejects %j with %s", async (q, code) => {
    const err = await callError(client(), "DescribeAICImages", q);
    expect(err.code).toBe(code);
    expect(err.statusCode).toBe(400);
  });

  it("shares an image, deduplicating recipients", async () => {
    const [img] = (await images({ Status: "available" })).Images;
    const users = ["1234567890123456", "6543210987654321"];
    await call(client(), "ShareAICImage", { ImageId: img.ImageId, Users: JSON.stringify(users) });
    await call(client(), "ShareAICImage", { ImageId: img.ImageId, Users: JSON.stringify([users[0]]) }, { inBody: true });
    expect((await control(emu.url, "state")).shares).toEqual({ [img.ImageId]: users });
  });

  it("rejects every ShareAICImage violation, changing nothing", async () => {
    const [img] = (await images()).Images;
    const ok = JSON.stringify(["1234567890123456"]);
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ Users: ok }, "MissingImageId", "ImageId is mandatory for this action."],
      [{ ImageId: img.ImageId }, "MissingUsers", "Users is mandatory for this action."],
      [{ ImageId: "m-0000000000000000000000000000000", Users: ok }, "InvalidParameter.ImageId", ""],
      [{ ImageId: "m".repeat(129), Users: ok }, "InvalidParameter.ImageId", ""],
      [{ ImageId: img.ImageId, Users: "[]" }, "InvalidParameter.Users", "The specified field Users invalid. Please check it again."],
      [
        { ImageId: img.ImageId, Users: JSON.stringify(Array.from({ length: 11 }, (_, i) => String(1234567890123400 + i))) },
        "InvalidParameter.Users",
        "",
      ],
      [{ ImageId: img.ImageId, Users: JSON.stringify(["123"]) }, "InvalidParameter.Users", ""],
      [{ ImageId: img.ImageId, Users: JSON.stringify(["12345678901234567"]) }, "InvalidParameter.Users", ""],
      [{ ImageId: img.ImageId, Users: JSON.stringify(["123456789012345a"]) }, "InvalidParameter.Users", ""],
      [{ ImageId: img.ImageId, Users: JSON.stringify([1234567890123456]) }, "InvalidParameter.Users", ""],
      [{ ImageId: img.ImageId, Users: '["1234567890123456"' }, "InvalidParameter.Users", ""],
      [{ ImageId: img.ImageId, "Users.1": "1234567890123456" }, "InvalidParameter.Users", ""],
    ];
    for (const [q, code, message] of cases) {
      const err = await callError(client(), "ShareAICImage", q);
      expect(err.code, JSON.stringify(q).slice(0, 100)).toBe(code);
      expect(err.statusCode).toBe(400);
      if (message) expect(err.data.Message).toBe(message);
    }
    expect((await control(emu.url, "state")).shares).toEqual({});
  });
});

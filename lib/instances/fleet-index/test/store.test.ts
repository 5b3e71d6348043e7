import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/handle";
import { BACKENDS, freshDb } from "@/test/support/db";
import { newestSnapshot, readSnapshot, writePatch, writeSnapshot } from "../store";
import { FleetIndex } from "../fleet-index";
import { indexRowMaker, pack, toIndexRows, unpack, withLogins } from "../rows";
import type { AicInstanceRow } from "@/lib/ens";

const listed = (n: number, state = "running"): AicInstanceRow[] =>
  Array.from({ length: n }, (_, i) => ({
    InstanceId: `aic-${i}`,
    Name: `n${i}`,
    State: state,
    ServerId: `srv-${i >> 2}`,
    EnsRegionId: "cn-hangzhou-1",
    Tags: i % 8 < 4 ? [{ Key: "env", Value: "prod" }] : undefined,
  }));

describe.each(BACKENDS)("the fleet snapshot store on %s", (backend) => {
  let handle: Awaited<ReturnType<typeof freshDb>>;
  beforeEach(async () => {
    handle = await freshDb(backend);
  });
  afterEach(async () => handle.drop());

  const bodies = async () =>
    (await queryRows<{ id: string; body: string }>(handle.db, sql`SELECT id, body FROM fleet_snapshots ORDER BY id`)).map((r) => ({
      id: Number(r.id),
      body: r.body,
    }));

  it("an unchanged listing gets a newer id and times, keeps the stored body, and reads back the same rows", async () => {
    const rows = toIndexRows(listed(40), []);
    const first = await writeSnapshot(handle.db, rows, Date.now() - 1000);
    expect(first.previousDigest).toBeNull();
    const [before] = await bodies();
    await new Promise((r) => setTimeout(r, 20));
    const from = Date.now() - 5;
    const again = await writeSnapshot(handle.db, toIndexRows(listed(40), []), from);
    expect(again.id).toBeGreaterThan(first.id);
    expect(again.listedAt).toBeGreaterThan(first.listedAt);
    expect(again.digest).toBe(first.digest);
    expect(again.previousDigest).toBe(first.digest);
    expect(again.superseded).toBe(0);
    // One row, the listing's: the same body under the new id.
    const after = await bodies();
    expect(after).toEqual([{ id: again.id, body: before.body }]);
    expect(await newestSnapshot(handle.db)).toEqual({ id: again.id, listedFrom: from, listedAt: again.listedAt, digest: again.digest });
    expect(await readSnapshot(handle.db, first.id)).toBeNull();
    expect((await readSnapshot(handle.db, again.id))?.rows).toEqual(rows);
  });

  it("a changed listing is written in full and names the digest it replaces; its patches are superseded", async () => {
    const first = await writeSnapshot(handle.db, toIndexRows(listed(40), []), Date.now() - 1000);
    await writePatch(handle.db, "aic-3", { state: "stopped" });
    await new Promise((r) => setTimeout(r, 20));
    const changed = toIndexRows(listed(40, "stopped"), []);
    const next = await writeSnapshot(handle.db, changed, Date.now());
    expect(next.digest).not.toBe(first.digest);
    expect(next.previousDigest).toBe(first.digest);
    expect(next.superseded).toBe(1);
    expect((await bodies()).map((b) => b.id)).toEqual([next.id]);
    expect((await readSnapshot(handle.db, next.id))?.rows).toEqual(changed);
    // Back to the first rows: not the newest stored listing's, so written in full again.
    const back = await writeSnapshot(handle.db, toIndexRows(listed(40), []), Date.now());
    expect(back.digest).toBe(first.digest);
    expect(back.previousDigest).toBe(next.digest);
  });

  it("a process holding the listing takes an unchanged one without loading it, and its listedAt advances", async () => {
    const rows = toIndexRows(listed(12), []);
    const a = await writeSnapshot(handle.db, rows, Date.now() - 1000);
    const index = new FleetIndex();
    index.replace(rows, { id: a.id, listedFrom: Date.now() - 1000, listedAt: a.listedAt, digest: a.digest });
    const order = index.order("name");
    await new Promise((r) => setTimeout(r, 20));
    const b = await writeSnapshot(handle.db, toIndexRows(listed(12), []), Date.now());
    const head = await newestSnapshot(handle.db);
    expect(head && index.tryTouch(head)).toBe(true);
    expect(index.snapshotId).toBe(b.id);
    expect(index.listedAt).toBe(b.listedAt);
    expect(index.listedAt).toBeGreaterThan(a.listedAt);
    expect(index.order("name")).toBe(order);
  });
});

describe("index rows made as pages land", () => {
  it("equal what the whole listing gives, logins set from the deliveries, one tags array per server", () => {
    const instances = listed(16).map((r) => ({ ...r, Tags: r.Tags && r.Tags }));
    // flattenServers gives a server's instances its one Tags array.
    const tags = [{ Key: "env", Value: "prod" }];
    for (const r of instances) if (r.Tags) r.Tags = tags;
    const deliveries = [
      { InstanceId: "aic-2", KeyName: "k2" },
      { InstanceId: "aic-2", KeyName: "k1" },
      { InstanceId: "aic-9", KeyName: "k1" },
    ];
    const maker = indexRowMaker();
    const rows = withLogins(
      instances.map((r) => maker.make(r)),
      deliveries,
    );
    expect(rows[2].login).toEqual({ open: true, keys: ["k1", "k2"] });
    expect(rows[9].login).toEqual({ open: true, keys: ["k1"] });
    expect(rows[0].login).toEqual({ open: false, keys: [] });
    expect(rows[0].tags).toEqual(["env=prod"]);
    expect(rows[1].tags).toBe(rows[0].tags);
    expect(rows[5].tags).toEqual([]);
    expect(unpack(JSON.parse(JSON.stringify(pack(rows))))).toEqual(rows);
    expect(JSON.stringify(pack(rows))).toBe(JSON.stringify(pack(toIndexRows(listed(16), deliveries))));
    // The listing's text, joined from each row's own, is the text of the whole listing.
    expect(maker.json(rows)).toBe(JSON.stringify(pack(rows)));
    expect(maker.json([])).toBe("[]");
    expect(maker.json(rows.slice(3, 5))).toBe(JSON.stringify(pack(rows.slice(3, 5))));
  });
});

// The embedded database runs on a thread of its own (lib/db/pglite-worker.mjs): while PGlite works
// through a long query, the console's event loop still answers other requests.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/lib/db/client";

let h: DbHandle;
let server: http.Server;
let url: string;

beforeAll(async () => {
  h = await openDb({ CONSOLE_DATA_DIR: "memory://" });
  server = http.createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(async () => {
  server?.close();
  await h?.close();
});

it("answers an unrelated request in under 100 ms while a query runs for seconds", async () => {
  const started = Date.now();
  let done = false;
  const long = h
    .executeSql("SELECT count(*) AS n FROM generate_series(1, 3000000) g WHERE md5(g::text) LIKE '0%'")
    .finally(() => (done = true));
  const waits: number[] = [];
  await new Promise((r) => setTimeout(r, 50));
  while (!done) {
    const t = performance.now();
    expect(await (await fetch(url)).text()).toBe("ok");
    waits.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  const { rows } = await long;
  const ran = Date.now() - started;
  expect(Number(rows[0].n)).toBeGreaterThan(0);
  // The query held the database for a while, and requests went on meanwhile.
  expect(ran).toBeGreaterThan(1000);
  expect(waits.length).toBeGreaterThan(10);
  expect(Math.max(...waits)).toBeLessThan(100);
}, 120_000);

it("keeps PostgreSQL's error fields and rolls a failed transaction back", async () => {
  await h.exec("CREATE TABLE off_loop (x int PRIMARY KEY)");
  const failed = await h.db
    .transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO off_loop VALUES (1)`);
      await tx.execute(sql`INSERT INTO off_loop VALUES (1)`);
    })
    .catch((e: { cause?: { code?: string } }) => e);
  expect((failed as { cause?: { code?: string } }).cause?.code).toBe("23505");
  expect((await h.executeSql("SELECT count(*)::int AS n FROM off_loop")).rows[0].n).toBe(0);
});

it("delivers NOTIFY to a listener", async () => {
  const got: string[] = [];
  const stop = await h.listen("off_loop_channel", (p) => got.push(p));
  await h.exec("NOTIFY off_loop_channel, 'hello'");
  await expect.poll(() => got).toEqual(["hello"]);
  await stop();
});

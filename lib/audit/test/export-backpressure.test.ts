import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appendEvent } from "@/lib/audit/append";
import { exportStream } from "@/lib/audit/export";
import { historyFilterSchema } from "@/lib/audit/filter";
import { listOperations } from "@/lib/audit/query";
import { releasedWhenDone } from "@/lib/http/export-admission";
import { BACKENDS, freshDb } from "@/test/support/db";

// Counts the pages the export asks the database for (issue 33: a slow reader must not make the
// console buffer): the export pages through listOperations, one call per page.
vi.mock("@/lib/audit/query", async (importOriginal) => {
  const orig = await importOriginal<typeof import("@/lib/audit/query")>();
  return { ...orig, listOperations: vi.fn(orig.listOperations) };
});

const pages = () => vi.mocked(listOperations).mock.calls.length;
/** Several turns of the event loop, time enough for any read-ahead to happen. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 30));
};

describe.each(BACKENDS)("export backpressure on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  const OPS = 40;
  beforeAll(async () => {
    h = await freshDb(kind);
    for (let i = 0; i < OPS; i++)
      await appendEvent(h.db, {
        operationId: randomUUID(),
        actor: { id: "u", email: "a@x.test", role: "operator" },
        action: "key.delete",
        target: { type: "key", id: `key-${i}` },
        phase: "completed",
        outcome: "success",
      });
  });
  afterAll(async () => h?.drop());

  it("queries a page only when the reader asks for one, never ahead", async () => {
    vi.mocked(listOperations).mockClear();
    const stream = exportStream(h.db, historyFilterSchema.parse({}), { format: "csv", batchSize: 2 });
    await settle();
    expect(pages()).toBe(0);
    const reader = stream.getReader();
    expect((await reader.read()).value).toBeDefined(); // the header: no page yet
    await settle();
    expect(pages()).toBe(0);
    for (let i = 1; i <= 3; i++) {
      await reader.read();
      await settle();
      expect(pages()).toBe(i);
    }
    await reader.cancel();
    await settle();
    expect(pages()).toBe(3);
  });

  it("through the route's wrapper and a response that stops draining, stays a page or two ahead of what was written", async () => {
    vi.mocked(listOperations).mockClear();
    const slot = { release: vi.fn() };
    const body = releasedWhenDone(exportStream(h.db, historyFilterSchema.parse({}), { format: "csv", batchSize: 2 }), slot);
    // As Next pipes a route's body into the Node response: a writable whose write waits for
    // 'drain'. This client read two chunks and then stopped reading.
    let written = 0;
    let drain!: () => void;
    const stalled = new Promise<void>((r) => (drain = r));
    const piping = body.pipeTo(
      new WritableStream<Uint8Array>({
        async write() {
          written++;
          if (written >= 2) await stalled;
        },
      }),
    );
    await settle();
    await settle();
    expect(written).toBe(2);
    // Chunk 2 is in the sink, at most one more waits in the pipe and one in the wrapper's pull.
    expect(pages()).toBeLessThanOrEqual(3);
    const held = pages();
    await settle();
    expect(pages()).toBe(held);
    // The client reads again: the rest flows, page by page, to the end.
    drain();
    await piping;
    expect(pages()).toBe(OPS / 2);
    expect(slot.release).toHaveBeenCalledTimes(1);
  });
});

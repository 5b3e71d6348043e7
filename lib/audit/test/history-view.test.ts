import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent, beginOperation, completionOf } from "@/lib/audit/append";
import { decodeCursor, encodeCursor, listOperations, type HistoryViewer } from "@/lib/audit/query";
import { getHistoryRow, listHistory } from "@/lib/history/view";
import { HISTORY_PAGE_MAX, pageLimit, parsePageCursors } from "@/lib/audit/page-cursors";
import { historyFilterSchema } from "@/lib/audit/filter";
import { queryRows } from "@/lib/db/client";
import { BACKENDS, freshDb } from "@/test/support/db";

const viewer: HistoryViewer = { id: "v-1", role: "viewer" };
const auditor: HistoryViewer = { id: "a-1", role: "auditor" };
const f = (raw: Record<string, string> = {}) => historyFilterSchema.parse(raw);
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");

describe.each(BACKENDS)("history view on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  beforeAll(async () => {
    h = await freshDb(kind);
    // Someone else's failed sign-in: the typed name could be a password or another account.
    await appendEvent(h.db, {
      operationId: randomUUID(),
      actor: { id: null, email: "typo-secret@example.com", role: null },
      action: "auth.sign_in",
      target: { type: "user", id: "typo-secret@example.com" },
      params: { method: "password" },
      phase: "completed",
      outcome: "failure",
      errorCode: "Console.InvalidCredentials",
      errorMessage: "Invalid email or password.",
      sourceIp: "198.51.100.7",
      userAgent: "Secret-UA/1.0",
    });
    // The viewer's own operation, and an operator's.
    await appendEvent(h.db, {
      operationId: randomUUID(),
      actor: { id: viewer.id, email: "viewer@example.com", role: "viewer" },
      action: "auth.sign_in",
      target: { type: "user", id: "viewer@example.com" },
      params: { method: "password" },
      phase: "completed",
      outcome: "failure",
      errorCode: "Console.InvalidCredentials",
      sourceIp: "192.0.2.1",
      userAgent: "Mine/1.0",
    });
    const begun = await beginOperation(h.db, {
      operationId: randomUUID(),
      actor: { id: "op-1", email: "op@example.com", role: "operator" },
      action: "key.upload",
      target: { type: "key", id: "k-1" },
      params: { name: "k-1", blob: "x".repeat(100_000) },
      phase: "requested",
      sourceIp: "203.0.113.5",
      userAgent: "OpUA/2.0",
    });
    if (!begun.ok) throw new Error("in flight");
    await appendEvent(
      h.db,
      completionOf(begun.event, { outcome: "failure", errorCode: "Key.Invalid", errorMessage: "bad key ".repeat(2000) }),
    );
  });
  afterAll(async () => h?.drop());

  it("a viewer does not see others' failed sign-in names, addresses or user agents; an auditor does", async () => {
    const seen = await listHistory(h.db, viewer, f(), { limit: 50 });
    const shipped = JSON.stringify(seen);
    for (const secret of ["typo-secret@example.com", "198.51.100.7", "Secret-UA/1.0", "203.0.113.5", "OpUA/2.0"])
      expect(shipped).not.toContain(secret);
    const failed = seen.rows.find((r) => r.action === "auth.sign_in" && r.hidden.includes("actor"))!;
    expect(failed).toMatchObject({
      actorEmail: null,
      targetId: null,
      sourceIp: null,
      outcome: "failure",
      errorCode: "Console.InvalidCredentials",
    });
    // Their own events keep everything.
    const own = seen.rows.find((r) => r.actorEmail === "viewer@example.com")!;
    expect(own).toMatchObject({ sourceIp: "192.0.2.1", hidden: [] });
    expect(own.completed?.json.text).toContain("Mine/1.0");
    // Other staff's events keep their names but not their addresses.
    expect(seen.rows.find((r) => r.action === "key.upload")).toMatchObject({ actorEmail: "op@example.com", sourceIp: null });
    // Searching for a hidden name finds nothing either.
    expect((await listHistory(h.db, viewer, f({ q: "typo-secret" }))).rows).toHaveLength(0);
    expect((await listHistory(h.db, viewer, f({ actor: "typo-secret@example.com" }))).rows).toHaveLength(0);
    // The detail page is redacted the same way.
    const detail = await getHistoryRow(h.db, viewer, failed.operationId);
    expect(JSON.stringify(detail)).not.toMatch(/typo-secret|198\.51\.100\.7|Secret-UA/);

    const full = JSON.stringify(await listHistory(h.db, auditor, f({ q: "typo-secret" })));
    for (const secret of ["typo-secret@example.com", "198.51.100.7", "Secret-UA/1.0"]) expect(full).toContain(secret);
    expect(JSON.stringify(await getHistoryRow(h.db, auditor, failed.operationId))).toContain("198.51.100.7");
  });

  it("ships at most 100 rows a page, each value cut to a preview; the detail page has more", async () => {
    expect(pageLimit("100000")).toBe(HISTORY_PAGE_MAX);
    expect(pageLimit("abc")).toBe(50);
    for (let i = 0; i < 110; i++) {
      await appendEvent(h.db, {
        operationId: randomUUID(),
        actor: { id: "op-1", email: "op@example.com", role: "operator" },
        action: "login.open",
        target: { type: "instance", id: `aic-${i}` },
        params: { i },
        phase: "completed",
        outcome: "success",
      });
    }
    const page = await listHistory(h.db, auditor, f(), { limit: 100_000 });
    expect(page.rows).toHaveLength(HISTORY_PAGE_MAX);
    expect(page.older).not.toBeNull();
    const [upload] = (await listHistory(h.db, auditor, f({ action: "key.upload" }))).rows;
    expect(upload.params?.truncated).toBe(true);
    expect(upload.params!.text.length).toBeLessThanOrEqual(2000);
    expect(upload.errorMessage!.length).toBeLessThanOrEqual(300);
    expect(upload.summary.length).toBeLessThanOrEqual(80);
    expect(JSON.stringify(upload).length).toBeLessThan(12_000);
    const detail = await getHistoryRow(h.db, auditor, upload.operationId);
    expect(detail!.params).toMatchObject({ truncated: false });
    expect(detail!.params!.text.length).toBeGreaterThan(upload.params!.text.length);
    expect(detail!.errorMessage!.length).toBeGreaterThan(upload.errorMessage!.length);
  });

  it("refuses tampered cursors before SQL, and every cursor it writes reads back", async () => {
    for (const bad of [
      "garbage",
      "",
      b64("1|5"),
      b64("2026-02-31T00:00:00Z|5"),
      b64("0000-01-01T00:00:00Z|1"),
      b64("2026-01-01T00:00:00Z|99999999999999999"),
      b64("2026-01-01T00:00:00Z|1|x"),
      b64("2026-01-01T00:00:00+99:00|1"),
      "%%%",
    ]) {
      expect(parsePageCursors({ before: bad })).toMatchObject({ ok: false });
      expect(parsePageCursors(new URLSearchParams({ after: bad })).ok).toBe(false);
    }
    expect(parsePageCursors({ before: ["a", "b"] }).ok).toBe(false);
    expect(parsePageCursors({})).toEqual({ ok: true, before: null, after: null });
    const page = await listOperations(h.db, f(), { limit: 3 });
    const back = parsePageCursors({ before: encodeCursor(page.older!) });
    expect(back).toEqual({ ok: true, before: page.older, after: null });
    expect((await listOperations(h.db, f(), { limit: 3, before: decodeCursor(encodeCursor(page.older!)) })).rows).toHaveLength(3);
  });

  it("refuses dates PostgreSQL cannot read instead of failing the query", async () => {
    for (const from of ["0000-01-01", "2026-02-31", "0001-01-01T00:00"]) {
      expect(historyFilterSchema.safeParse({ range: "custom", from }).success).toBe(false);
    }
    expect((await listOperations(h.db, f({ range: "custom", from: "1900-01-01" }), { limit: 5 })).rows.length).toBeGreaterThan(0);
  });

  it("the export route answers 400 to a cursor or any unknown parameter", async () => {
    const { GET } = await import("@/app/api/history/export/route");
    for (const qs of [
      "format=csv&before=garbage",
      `format=jsonl&after=${b64("1|5")}`,
      "format=csv&limit=100000",
      "format=csv&format=jsonl",
    ]) {
      const res = await GET(new NextRequest(`http://127.0.0.1/api/history/export?${qs}`));
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("Console.InvalidInput");
    }
  });

  it("keeps the trigram and error-code indexes the search relies on", async () => {
    const names = await queryRows<{ indexname: string }>(h.db, sql`SELECT indexname FROM pg_indexes WHERE tablename = 'audit_events'`);
    expect(names.map((n) => n.indexname)).toEqual(expect.arrayContaining(["audit_events_target_trgm", "audit_events_error_code"]));
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { ActiveUser } from "@/lib/auth/session";
import { queryRows } from "@/lib/db/client";
import type { EnsClient } from "@/lib/ens";
import { createActionFactory } from "@/lib/actions/safe-action";
import { setLoginSpec } from "@/lib/logins/actions";
import { setLoginInput } from "@/lib/logins/schema";
import { freshDb } from "@/test/support/db";

// A single toggle names no bulk job: only the engine links its items to their job (run-chunk.ts
// writes the item's bulk id itself). A browser that sends `bulkId` is refused, so it cannot stamp
// a job id of its choosing on a toggle's audit record.

const BULK = "00000000-0000-4000-8000-000000000001";
const close = { instanceId: "aic-test-1", action: "close" } as const;

describe("setLogin's input", () => {
  it("takes no bulkId (a strict object)", () => {
    expect(setLoginInput.safeParse(close).success).toBe(true);
    const r = setLoginInput.safeParse({ ...close, bulkId: BULK });
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([expect.objectContaining({ code: "unrecognized_keys", keys: ["bulkId"] })]);
  });

  describe("through the action wrapper", () => {
    let handle: Awaited<ReturnType<typeof freshDb>>;
    beforeAll(async () => {
      handle = await freshDb("pglite");
    });
    afterAll(async () => {
      await handle?.drop();
    });

    it("a call with a bulkId is refused as invalid input, before ENS, and no audit record carries the id", async () => {
      const user: ActiveUser = { id: "u1", email: "operator@test", role: "operator", name: null };
      const ens = (): EnsClient => {
        throw new Error("ENS must not be called");
      };
      const setLogin = createActionFactory({
        resolveUser: async () => user,
        requestInfo: async () => ({ ip: "127.0.0.1", userAgent: "vitest" }),
        db: async () => handle.db,
        ens,
      })(setLoginSpec);
      const r = await setLogin({ ...close, bulkId: BULK });
      expect(r).toMatchObject({ ok: false, error: { code: "Console.InvalidInput" } });
      expect(JSON.stringify(r)).toContain("bulkId");
      const linked = await queryRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM audit_events WHERE bulk_id IS NOT NULL`);
      expect(linked).toEqual([{ n: 0 }]);
    });
  });
});

import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, auditActionLabel, isAuditAction, PERFORMED_ACTIONS, type AuditAction } from "@/lib/audit/vocabulary";
import { appendEvent } from "@/lib/audit/append";
import type { Db } from "@/lib/db/client";
import { ACCESS_MATRIX } from "@/lib/auth/access-matrix";
import { PERMISSIONS, rolesFor } from "@/lib/auth/permissions";
import { ACTION_OPTIONS, KNOWN_ACTIONS } from "@/lib/audit/filter-params";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const names = Object.keys(AUDIT_ACTIONS);

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) walk(rel, out);
    else if (/\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}

// Never called: tsc checks it. A misspelt name must not compile.
export async function typoFailsTypeCheck(db: Db) {
  // @ts-expect-error "key.delte" is not a registered audit action
  await appendEvent(db, { operationId: randomUUID(), action: "key.delte", phase: "completed", outcome: "success" });
  await appendEvent(db, { operationId: randomUUID(), action: "key.delete", phase: "completed", outcome: "success" });
}

describe("the audit vocabulary", () => {
  it("names fit the log's action column; each has a distinct label and a known permission", () => {
    for (const n of names) {
      expect(n, n).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(n.length, n).toBeLessThanOrEqual(64);
      const spec = AUDIT_ACTIONS[n as AuditAction];
      expect(spec.label.trim(), n).not.toBe("");
      if (spec.permission !== null) expect(Object.keys(PERMISSIONS), n).toContain(spec.permission);
    }
    expect(new Set(names.map((n) => auditActionLabel(n))).size).toBe(names.length);
  });

  it("History offers every performed name, reboot and reset and the operations engine's names among them", () => {
    const offered = ACTION_OPTIONS.map((o) => o.value);
    expect(offered).toEqual([...KNOWN_ACTIONS]);
    expect(offered).toEqual([...PERFORMED_ACTIONS]);
    for (const n of ["instance.reboot", "instance.reset", "operation.start_login", "operation.start_power", "operation.cancel"])
      expect(offered).toContain(n);
    for (const n of [
      "auth.sign_in",
      "auth.sign_out",
      "login.open",
      "key.upload",
      "user.set_password",
      "history.export",
      "console.refusals_summarised",
      "fleet.read",
      "keys.read",
      "instance.read",
    ]) {
      expect(offered, n).toContain(n);
    }
    expect(ACTION_OPTIONS.find((o) => o.value === "auth.sign_in")?.label).toBe("Sign in");
  });

  it("an unregistered name read from the log shows as itself", () => {
    expect(isAuditAction("constructor")).toBe(false);
    expect(auditActionLabel("legacy.thing")).toBe("legacy.thing");
  });
});

describe("the access matrix states, for every name a caller may carry, the roles its registered permission grants", () => {
  it("row by row", () => {
    for (const [name, roles] of Object.entries(ACCESS_MATRIX)) {
      expect(isAuditAction(name), name).toBe(true);
      const permission = AUDIT_ACTIONS[name as AuditAction].permission;
      expect(permission, `${name} has no permission in the registry`).not.toBeNull();
      expect([...roles].sort(), name).toEqual([...rolesFor(permission as keyof typeof PERMISSIONS)].sort());
    }
  });
});

describe("every name the code logs is registered, with the permission the code checks", () => {
  it("server actions (their refused-call name, and the matrix's roles for it)", async () => {
    const { ACTION_META } = await import("@/lib/actions/safe-action");
    const files = walk("lib/actions").filter(
      (f) => !f.includes("/test/") && !f.endsWith("safe-action.ts") && !f.endsWith("action.ts") && !f.endsWith("result.ts"),
    );
    let seen = 0;
    for (const f of files) {
      const mod = await import(/* @vite-ignore */ path.join(ROOT, f));
      for (const [exp, fn] of Object.entries(mod)) {
        const meta = (fn as Record<symbol, { name: string; permission: string } | undefined>)[ACTION_META];
        if (!meta) continue;
        seen++;
        const name = meta.name;
        expect(isAuditAction(name), `${f}#${exp}: ${name}`).toBe(true);
        if (isAuditAction(name)) expect(AUDIT_ACTIONS[name].permission, `${f}#${exp}`).toBe(meta.permission);
        expect(ACCESS_MATRIX[name as keyof typeof ACCESS_MATRIX], `${f}#${exp}: no matrix row for ${name}`).toBeDefined();
      }
    }
    expect(seen).toBeGreaterThan(5);
  });

  it("read routes", async () => {
    const { READ_ROUTE } = await import("@/lib/http/read-route");
    let seen = 0;
    for (const f of walk("app").filter((f) => f.endsWith("/route.ts"))) {
      const mod = await import(/* @vite-ignore */ path.join(ROOT, f));
      for (const [method, fn] of Object.entries(mod)) {
        const meta = (fn as Record<symbol, { name: AuditAction; permission: string } | undefined>)[READ_ROUTE];
        if (!meta) continue;
        seen++;
        expect(AUDIT_ACTIONS[meta.name].permission, `${f} ${method}`).toBe(meta.permission);
        expect(ACCESS_MATRIX[meta.name as keyof typeof ACCESS_MATRIX], `${f} ${method}: no matrix row for ${meta.name}`).toBeDefined();
      }
    }
    expect(seen).toBeGreaterThanOrEqual(4);
  });
});

import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyChain } from "@/lib/audit/verify";
import { verifyPassword } from "@/lib/auth/password";
import { findSessionUser, findUserByEmail } from "@/lib/auth/users";
import { openDb } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";
import { BACKENDS, sharedDb } from "@/test/support/db";
import { failAuditWrites } from "@/test/support/failing-audit";

/** Runs `npm run users -- …` as a shell user would, with `stdin` piped in. */
function usersCli(env: Record<string, string>, args: string[], stdin = ""): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      path.resolve("node_modules/.bin/tsx"),
      ["scripts/users.ts", ...args],
      { env: { ...process.env, DATABASE_URL: "", ...env } },
      (e, stdout, stderr) => resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr }),
    );
    child.stdin!.end(stdin);
  });
}

describe.each(BACKENDS)("npm run users on %s", (kind) => {
  it("audits every change and every refused one, as the shell account, and never the password", async () => {
    const shared = await sharedDb(kind);
    try {
      const secret = "first-password-123";
      expect(await usersCli(shared.env, ["add", "Ops@Example.test", "operator"], `${secret}\n`)).toMatchObject({
        code: 0,
        out: "Added ops@example.test (operator).\n",
      });
      expect((await usersCli(shared.env, ["add", "ops@example.test", "viewer"], `${secret}\n`)).code).toBe(1);
      expect((await usersCli(shared.env, ["set-role", "ops@example.test", "auditor"])).code).toBe(0);
      expect(await usersCli(shared.env, ["disable", "nobody@example.test"])).toMatchObject({
        code: 1,
        err: "No user nobody@example.test.\n",
      });
      expect(await usersCli(shared.env, ["set-password", "ops@example.test"], "short\n")).toMatchObject({
        code: 1,
        err: "Password must be at least 10 characters.\n",
      });
      expect((await usersCli(shared.env, ["disable", "ops@example.test"])).code).toBe(0);
      const before = Date.now() - 1000;
      const generated = await usersCli(shared.env, ["set-password", "ops@example.test", "--generate"]);
      expect(generated.code).toBe(0);
      const newPassword = generated.out.match(/Password: (\S+)/)?.[1];
      expect(newPassword).toBeTruthy();
      // Bad arguments make no change and no audit record: nothing was attempted.
      expect((await usersCli(shared.env, ["set-role", "ops@example.test", "root"])).code).toBe(1);

      const h = await openDb(shared.env);
      try {
        const user = await findUserByEmail(h.db, "ops@example.test");
        expect(user).toMatchObject({ role: "auditor", disabled: true });
        const events = await h.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
        const shell = `${os.userInfo().username}@${os.hostname()}`;
        expect(events.map((e) => [e.action, e.targetId, e.outcome, e.errorCode])).toEqual([
          ["user.create", "ops@example.test", "success", null],
          ["user.create", "ops@example.test", "failure", "Console.Conflict"],
          ["user.set_role", "ops@example.test", "success", null],
          ["user.disable", "nobody@example.test", "failure", "Console.NotFound"],
          ["user.set_password", "ops@example.test", "failure", "Console.InvalidInput"],
          ["user.disable", "ops@example.test", "success", null],
          ["user.set_password", "ops@example.test", "success", null],
        ]);
        expect(events.every((e) => e.phase === "completed" && e.actorEmail === shell && e.actorRole === "cli" && e.actorId === null)).toBe(
          true,
        );
        expect(events[2].params).toEqual({ role: "auditor" });
        expect(events[6].params).toEqual({ passwordGenerated: true });
        expect(JSON.stringify(events)).not.toContain(secret);
        expect(JSON.stringify(events)).not.toContain(newPassword);
        expect(await verifyPassword(newPassword!, user?.passwordHash)).toBe(true);
        expect(await verifyChain(h.db)).toMatchObject({ intact: true, count: 7 });
        // The reset ended the sessions signed in before it.
        expect(user?.sessionsValidAfter?.getTime()).toBeGreaterThan(before);
        expect(await findSessionUser(h.db, user!.id, before)).toBeUndefined();
      } finally {
        await h.close();
      }
    } finally {
      await shared.cleanup();
    }
  }, 90_000);
});

describe.each(BACKENDS)("npm run users, change and audit together, on %s", (kind) => {
  it("makes no change when its audit event cannot be written; never leaves zero admins; links an SSO identity", async () => {
    const shared = await sharedDb(kind);
    try {
      expect((await usersCli(shared.env, ["add", "root@example.test", "admin"], "root-password-123\n")).code).toBe(0);
      expect((await usersCli(shared.env, ["add", "ops@example.test", "operator"], "ops-password-1234\n")).code).toBe(0);
      // The last enabled admin cannot be demoted or disabled, by the CLI either.
      expect(await usersCli(shared.env, ["set-role", "root@example.test", "viewer"])).toMatchObject({
        code: 1,
        err: expect.stringMatching(/without an enabled admin/),
      });
      expect((await usersCli(shared.env, ["disable", "root@example.test"])).code).toBe(1);
      // A malformed address is refused before anything happens.
      expect((await usersCli(shared.env, ["add", `${"a".repeat(319)}\u{1F600}`, "viewer"], "some-password-123\n")).code).toBe(1);
      expect((await usersCli(shared.env, ["link-sso", "root@example.test", "https://idp.example.test/realms/aic", "root-sub"])).code).toBe(
        0,
      );

      const h = await openDb(shared.env);
      try {
        await failAuditWrites(h, "user.set_role");
      } finally {
        await h.close();
      }
      expect((await usersCli(shared.env, ["set-role", "ops@example.test", "admin"])).code).toBe(1);

      const h2 = await openDb(shared.env);
      try {
        expect(await findUserByEmail(h2.db, "ops@example.test")).toMatchObject({ role: "operator" });
        expect(await findUserByEmail(h2.db, "root@example.test")).toMatchObject({
          role: "admin",
          disabled: false,
          ssoIssuer: "https://idp.example.test/realms/aic",
          ssoSubject: "root-sub",
        });
        const events = await h2.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
        expect(events.map((e) => [e.action, e.outcome, e.errorCode])).toEqual([
          ["user.create", "success", null],
          ["user.create", "success", null],
          ["user.set_role", "failure", "Console.LastAdmin"],
          ["user.disable", "failure", "Console.LastAdmin"],
          ["user.link_sso", "success", null],
        ]);
      } finally {
        await h2.close();
      }
    } finally {
      await shared.cleanup();
    }
  }, 90_000);
});

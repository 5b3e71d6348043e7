import { asc } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEvents } from "@/lib/db/schema";
import { freshDb } from "@/test/support/db";
import { oidcSettings } from "./oidc";
import { signInWithSso } from "./sso-sign-in";
import { attemptLogin } from "./login";
import { createUser, findUserByEmail, updateUser } from "./users";

const settings = oidcSettings({
  AUTH_OIDC_ISSUER: "https://idp.example.test/realms/aic",
  AUTH_OIDC_CLIENT_ID: "console",
  AUTH_OIDC_CLIENT_SECRET: "s",
  AUTH_OIDC_ROLE_MAP: "aic-ops=operator,aic-admins=admin",
})!;

let h: Awaited<ReturnType<typeof freshDb>>;
beforeEach(async () => {
  h = await freshDb("pglite");
});
afterEach(async () => h.drop());

const events = async () =>
  (await h.db.select().from(auditEvents).orderBy(asc(auditEvents.id))).map((e) => [e.action, e.targetId, e.outcome, e.errorCode, e.actorEmail]);

describe("SSO sign-in", () => {
  it("creates the user on first sign-in with the role its groups give, and audits both", async () => {
    const user = await signInWithSso(h.db, { email: "Ana@Example.test", email_verified: true, groups: ["aic-ops"] }, settings, { ip: "198.51.100.4", userAgent: "browser" });
    expect(user).toMatchObject({ email: "ana@example.test", role: "operator", passwordHash: null });
    expect(await events()).toEqual([
      ["user.create", "ana@example.test", "success", null, "sso:idp.example.test"],
      ["auth.sign_in", "ana@example.test", "success", null, "ana@example.test"],
    ]);
    const [, signIn] = await h.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    expect(signIn).toMatchObject({ sourceIp: "198.51.100.4", userAgent: "browser", params: { method: "oidc", issuer: settings.issuer } });
  });

  it("applies the IdP's role on each sign-in and audits the change", async () => {
    await signInWithSso(h.db, { email: "ana@example.test", groups: ["aic-ops"] }, settings);
    await updateUser(h.db, "ana@example.test", { role: "viewer" });
    const again = await signInWithSso(h.db, { email: "ana@example.test", groups: ["aic-ops", "aic-admins"] }, settings);
    expect(again.role).toBe("admin");
    const rows = await h.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    expect(rows.map((e) => e.action)).toEqual(["user.create", "auth.sign_in", "user.set_role", "auth.sign_in"]);
    expect(rows[2].params).toEqual({ role: "admin", from: "viewer", source: "sso" });
  });

  it("refuses, and audits, an unverified address, no matching group and a disabled account", async () => {
    await expect(signInWithSso(h.db, { email: "eve@example.test", email_verified: false, groups: ["aic-admins"] }, settings)).rejects.toThrow(/not verified/);
    await expect(signInWithSso(h.db, { email: "bob@example.test", groups: ["other"] }, settings)).rejects.toThrow(/No console role/);
    await signInWithSso(h.db, { email: "ana@example.test", groups: ["aic-ops"] }, settings);
    await updateUser(h.db, "ana@example.test", { disabled: true });
    await expect(signInWithSso(h.db, { email: "ana@example.test", groups: ["aic-ops"] }, settings)).rejects.toThrow(/disabled/);
    expect(await findUserByEmail(h.db, "eve@example.test")).toBeUndefined();
    expect(await findUserByEmail(h.db, "bob@example.test")).toBeUndefined();
    expect((await events()).filter((e) => e[0] === "auth.sign_in" && e[2] === "failure").map((e) => [e[1], e[3]])).toEqual([
      ["eve@example.test", "Console.SsoEmailUnverified"],
      ["bob@example.test", "Console.Forbidden"],
      ["ana@example.test", "Console.AccountDisabled"],
    ]);
  });

  it("SSO refusals never count against a password user's sign-in throttling", async () => {
    await createUser(h.db, { email: "pat@example.test", role: "operator", password: "pat-password-123" });
    for (let i = 0; i < 25; i++) {
      await expect(signInWithSso(h.db, { email: "pat@example.test", email_verified: false }, settings)).rejects.toThrow(/not verified/);
    }
    const r = await attemptLogin(h.db, { email: "pat@example.test", password: "pat-password-123", ip: "198.51.100.1", userAgent: null });
    expect(r.ok).toBe(true);
  });
});


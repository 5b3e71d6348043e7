import { asc, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyChain } from "@/lib/audit/verify";
import { auditEvents } from "@/lib/db/schema";
import { BACKENDS, freshDb } from "@/test/support/db";
import { failAuditWrites } from "@/test/support/failing-audit";
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

/** What a well-behaved IdP sends for a verified user. */
const claims = (sub: string, email: string, groups: string[], extra: Record<string, unknown> = {}) => ({
  sub,
  email,
  email_verified: true,
  groups,
  ...extra,
});

describe.each(BACKENDS)("SSO sign-in on %s", (kind) => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  beforeEach(async () => {
    h = await freshDb(kind);
  });
  afterEach(async () => h.drop());

  const events = async () =>
    (await h.db.select().from(auditEvents).orderBy(asc(auditEvents.id))).map((e) => [
      e.action,
      e.targetId,
      e.outcome,
      e.errorCode,
      e.actorEmail,
    ]);
  const refusals = async () => (await events()).filter((e) => e[0] === "auth.sign_in" && e[2] === "failure").map((e) => [e[1], e[3]]);

  it("creates the user on first sign-in, bound to (issuer, subject), with the role its groups give, and audits both", async () => {
    const user = await signInWithSso(h.db, claims("ana-1", "Ana@Example.test", ["aic-ops"]), settings, {
      ip: "198.51.100.4",
      userAgent: "browser",
    });
    expect(user).toMatchObject({
      email: "ana@example.test",
      role: "operator",
      passwordHash: null,
      ssoIssuer: settings.issuer,
      ssoSubject: "ana-1",
    });
    expect(await events()).toEqual([
      ["user.create", "ana@example.test", "success", null, "sso:idp.example.test"],
      ["auth.sign_in", "ana@example.test", "success", null, "ana@example.test"],
    ]);
    const [, signIn] = await h.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    expect(signIn).toMatchObject({
      sourceIp: "198.51.100.4",
      userAgent: "browser",
      params: { method: "oidc", issuer: settings.issuer, subject: "ana-1" },
    });
  });

  it("applies the IdP's role on each sign-in and audits the change", async () => {
    await signInWithSso(h.db, claims("ana-1", "ana@example.test", ["aic-ops"]), settings);
    await updateUser(h.db, "ana@example.test", { role: "viewer" });
    const again = await signInWithSso(h.db, claims("ana-1", "ana@example.test", ["aic-ops", "aic-admins"]), settings);
    expect(again.role).toBe("admin");
    const rows = await h.db.select().from(auditEvents).orderBy(asc(auditEvents.id));
    expect(rows.map((e) => e.action)).toEqual(["user.create", "auth.sign_in", "user.set_role", "auth.sign_in"]);
    expect(rows[2].params).toEqual({ role: "admin", from: "viewer", source: "sso" });
  });

  it('requires email_verified to be exactly true: missing, false, "true" and 1 are refused and nothing is created', async () => {
    for (const verified of [undefined, false, "true", 1]) {
      const c: Record<string, unknown> = { sub: "eve", email: "eve@example.test", groups: ["aic-admins"], email_verified: verified };
      await expect(signInWithSso(h.db, c, settings)).rejects.toMatchObject({ code: "Console.SsoEmailUnverified" });
    }
    expect(await findUserByEmail(h.db, "eve@example.test")).toBeUndefined();
    expect(await refusals()).toHaveLength(4);
  });

  it("never attaches an SSO identity to a password account (the bootstrap admin): refused with a code, role and password untouched", async () => {
    const admin = await createUser(h.db, { email: "root@example.test", role: "admin", password: "admin-password-123" });
    await expect(signInWithSso(h.db, claims("attacker", "root@example.test", ["aic-ops"]), settings)).rejects.toMatchObject({
      code: "Console.SsoLinkRequired",
    });
    expect(await findUserByEmail(h.db, "root@example.test")).toMatchObject({
      role: "admin",
      passwordHash: admin.passwordHash,
      ssoIssuer: null,
      ssoSubject: null,
    });
    expect(await refusals()).toEqual([["root@example.test", "Console.SsoLinkRequired"]]);
  });

  it("follows the bound identity, not the email: another subject with the same email is refused", async () => {
    await signInWithSso(h.db, claims("ana-1", "ana@example.test", ["aic-ops"]), settings);
    await expect(signInWithSso(h.db, claims("someone-else", "ana@example.test", ["aic-admins"]), settings)).rejects.toMatchObject({
      code: "Console.SsoIdentityMismatch",
    });
    // The IdP changed the address: still the same console user.
    expect(await signInWithSso(h.db, claims("ana-1", "ana.new@example.test", ["aic-ops"]), settings)).toMatchObject({
      email: "ana@example.test",
      role: "operator",
    });
    expect(await findUserByEmail(h.db, "ana@example.test")).toMatchObject({ role: "operator", ssoSubject: "ana-1" });
  });

  it("binds a passwordless user made by SSO before identities were bound, on its next sign-in", async () => {
    await createUser(h.db, { email: "old@example.test", role: "viewer", password: null });
    expect(await signInWithSso(h.db, claims("old-1", "old@example.test", ["aic-ops"]), settings)).toMatchObject({
      ssoSubject: "old-1",
      role: "operator",
    });
    expect((await events()).map((e) => e[0])).toEqual(["user.link_sso", "user.set_role", "auth.sign_in"]);
  });

  it("a known user whose groups no longer map to a role starts their offboarding once, however often they try", async () => {
    const ana = await signInWithSso(h.db, claims("ana-1", "ana@example.test", ["aic-ops"]), settings);
    await h.db.execute(sql`INSERT INTO personal_keys (key_name, user_id, user_email, name, key_type, fingerprint, uploaded_at)
      VALUES ('u000000000001-laptop', ${ana.id}::uuid, 'ana@example.test', 'laptop', 'ssh-ed25519', 'SHA256:x', now())`);
    for (let i = 0; i < 3; i++)
      await expect(signInWithSso(h.db, claims("ana-1", "ana@example.test", ["aic-gone"]), settings)).rejects.toMatchObject({
        code: "Console.Forbidden",
      });
    const starts = (await h.db.select().from(auditEvents).orderBy(asc(auditEvents.id))).filter((e) => e.action === "user.offboard");
    expect(starts).toHaveLength(1);
    expect(starts[0]).toMatchObject({
      actorEmail: "system:offboarding",
      targetId: "ana@example.test",
      outcome: "success",
      params: { userId: ana.id, email: "ana@example.test", cause: "sso.no_role" },
    });
    expect(await refusals()).toEqual([
      ["ana@example.test", "Console.Forbidden"],
      ["ana@example.test", "Console.Forbidden"],
      ["ana@example.test", "Console.Forbidden"],
    ]);
    expect(await verifyChain(h.db)).toMatchObject({ intact: true });
  });

  it("a user with nothing to revoke whose groups map to no role is refused without an offboarding", async () => {
    await signInWithSso(h.db, claims("ana-1", "ana@example.test", ["aic-ops"]), settings);
    await expect(signInWithSso(h.db, claims("ana-1", "ana@example.test", []), settings)).rejects.toMatchObject({
      code: "Console.Forbidden",
    });
    expect((await events()).filter((e) => e[0] === "user.offboard")).toEqual([]);
  });

  it("checks disabled before any role change", async () => {
    await signInWithSso(h.db, claims("ana-1", "ana@example.test", ["aic-ops"]), settings);
    await updateUser(h.db, "ana@example.test", { disabled: true });
    await expect(signInWithSso(h.db, claims("ana-1", "ana@example.test", ["aic-admins"]), settings)).rejects.toMatchObject({
      code: "Console.AccountDisabled",
    });
    expect(await findUserByEmail(h.db, "ana@example.test")).toMatchObject({ role: "operator", disabled: true });
    expect((await events()).filter((e) => e[0] === "user.set_role")).toEqual([]);
  });

  it("never demotes the last enabled admin", async () => {
    await signInWithSso(h.db, claims("boss", "boss@example.test", ["aic-admins"]), settings);
    await expect(signInWithSso(h.db, claims("boss", "boss@example.test", ["aic-ops"]), settings)).rejects.toMatchObject({
      code: "Console.LastAdmin",
    });
    expect(await findUserByEmail(h.db, "boss@example.test")).toMatchObject({ role: "admin" });
    expect((await events()).filter((e) => e[0] === "user.set_role")).toEqual([]);
    expect(await refusals()).toEqual([["boss@example.test", "Console.LastAdmin"]]);
  });

  it("refuses a malformed IdP email without storing or cutting it; the chain stays intact", async () => {
    for (const email of [`${"a".repeat(319)}😀`, "x\ud83d@example.test", "a\u0000@example.test", "no-at"]) {
      await expect(signInWithSso(h.db, claims("m", email, ["aic-ops"]), settings)).rejects.toMatchObject({
        code: "Console.SsoInvalidEmail",
      });
    }
    const rows = await h.db.select().from(auditEvents);
    expect(rows.every((r) => r.actorEmail === null && r.targetId === null)).toBe(true);
    expect(await verifyChain(h.db)).toMatchObject({ intact: true });
  });

  it("creates no user when its audit event cannot be written", async () => {
    await failAuditWrites(h, "user.create");
    await expect(signInWithSso(h.db, claims("ana-1", "ana@example.test", ["aic-ops"]), settings)).rejects.toThrow(/audit_events/);
    expect(await findUserByEmail(h.db, "ana@example.test")).toBeUndefined();
  });

  it("SSO refusals never count against a password user's sign-in throttling", async () => {
    await createUser(h.db, { email: "pat@example.test", role: "operator", password: "pat-password-123" });
    for (let i = 0; i < 25; i++) {
      await expect(signInWithSso(h.db, { sub: "pat", email: "pat@example.test", email_verified: false }, settings)).rejects.toThrow(
        /not verified/,
      );
    }
    const r = await attemptLogin(h.db, { email: "pat@example.test", password: "pat-password-123", ip: "198.51.100.1", userAgent: null });
    expect(r.ok).toBe(true);
  });
});

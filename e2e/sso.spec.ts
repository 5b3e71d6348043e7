import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { addAccount, IDP_PASSWORD, ISSUER, setGroups, startIdp, type RunningIdp } from "./oidc-provider";
import { emailFor, passwordFor, storageFor } from "./support";
import { untranslated } from "./untranslated";

// Single sign-on against a real OpenID Connect provider (e2e/oidc-provider.ts, oidc-provider on
// E2E_PORT + 2, started here): the login page's button, the provider's login page, the callback,
// and the console with the role the user's groups map to (AUTH_OIDC_ROLE_MAP in
// scripts/e2e-server.sh). Refusals land on the login page with a sentence chosen by their code.
// SSO users have emails of their own (sso-*@e2e.test): the password users other specs use are not touched.

const SSO_BUTTON = { en: "Continue with E2E SSO", "zh-CN": "使用 E2E SSO 登录" } as const;
const IDP_HOST = new URL(ISSUER).host;

let idp: RunningIdp | null = null;
test.beforeAll(async () => {
  idp = await startIdp();
});
test.afterAll(async () => {
  await idp?.stop();
  idp = null;
});

/** From the console's login page through the provider's login page back to the console. */
async function ssoSignIn(page: Page, email: string, locale: keyof typeof SSO_BUTTON = "en") {
  await page.goto("/login");
  await page.getByRole("button", { name: SSO_BUTTON[locale] }).click();
  await expect(page).toHaveURL(new RegExp(`^${ISSUER}/interaction/`));
  await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
  await page.getByRole("textbox", { name: "Username" }).fill(email);
  await page.getByLabel("Password").fill(IDP_PASSWORD);
  await page.getByRole("button", { name: "Sign in to the identity provider" }).click();
}

/** A fresh browser (no console session, no provider session), signed in by SSO as `email`. */
async function freshSsoSignIn(browser: Browser, baseURL: string | undefined, email: string, locale: keyof typeof SSO_BUTTON = "en") {
  const context = await browser.newContext({ baseURL, locale, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await ssoSignIn(page, email, locale);
  return { context, page };
}

/** Signed in: the console's navigation, and the user menu naming the user and the role. */
async function expectSignedInAs(page: Page, email: string, roleName: string) {
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/(?!login)/);
  await page.getByRole("button", { name: new RegExp(email.replace(/[.]/g, "\\.")) }).click();
  const menu = page.getByRole("menu", { name: "User menu" });
  await expect(menu.getByText(`Role: ${roleName}`)).toBeVisible();
  await page.keyboard.press("Escape");
}

/** Back on the login page, refused, with the sentence for the refusal and no session. */
async function expectRefused(page: Page, sentence: string | RegExp) {
  await expect(page).toHaveURL(/\/login\?error=/);
  await expect(page.getByRole("alert").filter({ hasText: sentence })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(page.getByText(/Configuration|Error:|at .*\.js/)).toHaveCount(0);
  expect((await page.context().cookies()).some((c) => c.name.includes("authjs.session-token"))).toBe(false);
}

/** The History as an auditor reads it, with its filters in the address. */
async function historyRows(browser: Browser, filters: Record<string, string>) {
  const context = await browser.newContext({ storageState: storageFor("auditor") });
  const page = await context.newPage();
  await page.goto(`/history?${new URLSearchParams(filters)}`);
  const rows = page
    .getByRole("table", { name: "Operations, newest first" })
    .locator("tbody > tr")
    .filter({ has: page.getByRole("button", { name: /^Details of/ }) });
  return { context, page, rows };
}

async function expectSignInRefusalAudited(browser: Browser, email: string, code: string) {
  const { context, rows } = await historyRows(browser, { action: "auth.sign_in", outcome: "failure", q: email });
  const row = rows.filter({ hasText: email }).filter({ hasText: code });
  await expect(row.first()).toBeVisible();
  await expect(row.first()).toContainText("oidc");
  await context.close();
}

const ROLE_CASES = [
  { role: "admin", name: "Admin", group: "aic-admins" },
  { role: "operator", name: "Operator", group: "aic-ops" },
  { role: "auditor", name: "Auditor", group: "aic-audit" },
  { role: "viewer", name: "Viewer", group: "aic-viewers" },
] as const;

for (const { role, name, group } of ROLE_CASES) {
  test(`SSO: groups [${group}] sign in as ${role}`, async ({ browser, baseURL }) => {
    const email = `sso-${role}@e2e.test`;
    const { context, page } = await freshSsoSignIn(browser, baseURL, email);
    await expectSignedInAs(page, email, name);
    // Only an admin has the Users page, in the navigation and behind it.
    const users = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" });
    if (role === "admin") {
      await users.click();
      await expect(page.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) })).toBeVisible();
    } else {
      await expect(users).toHaveCount(0);
    }
    await context.close();
  });
}

test("SSO: groups that map to no role are refused with a clear page, in English and Chinese, and audited", async ({ browser, baseURL }) => {
  const email = "sso-nogroup@e2e.test";
  const en = await freshSsoSignIn(browser, baseURL, email);
  await expectRefused(en.page, "none of your groups at the identity provider gives a role in this console");
  // The password form is still there for a password user.
  await expect(en.page.getByLabel("Email")).toBeVisible();
  await en.context.close();

  const zh = await freshSsoSignIn(browser, baseURL, email, "zh-CN");
  await expectRefused(zh.page, "您在身份提供方的用户组在本控制台中没有对应的角色");
  await expect(zh.page.locator("html")).toHaveAttribute("lang", "zh-CN");
  // The refusal page, as the languages walk checks every page: no English left, no axe violation.
  expect(await untranslated(zh.page)).toEqual([]);
  const { violations } = await new AxeBuilder({ page: zh.page }).analyze();
  expect(violations.map((v) => `${v.id} (${v.impact})`)).toEqual([]);
  await zh.context.close();

  await expectSignInRefusalAudited(browser, email, "Console.Forbidden");
});

for (const [which, email] of [
  ["false", "sso-unverified@e2e.test"],
  ["missing", "sso-noverified@e2e.test"],
] as const) {
  test(`SSO: email_verified ${which} is refused with a clear page, and audited`, async ({ browser, baseURL }) => {
    const { context, page } = await freshSsoSignIn(browser, baseURL, email);
    await expectRefused(page, "Your identity provider has not verified your email address");
    await context.close();
    await expectSignInRefusalAudited(browser, email, "Console.SsoEmailUnverified");
  });
}

test("SSO: after the user's groups change, the next sign-in changes the role, and the History shows it", async ({ browser, baseURL }) => {
  const email = "sso-mover@e2e.test";
  setGroups(email, ["aic-viewers"]);
  const first = await freshSsoSignIn(browser, baseURL, email);
  await expectSignedInAs(first.page, email, "Viewer");
  await first.context.close();

  setGroups(email, ["aic-ops", "all-staff"]);
  const second = await freshSsoSignIn(browser, baseURL, email);
  await expectSignedInAs(second.page, email, "Operator");
  await second.context.close();

  // The change, as an auditor finds it: History filtered to user.set_role on this user.
  const { context, page, rows } = await historyRows(browser, { action: "user.set_role", target: email });
  await expect(page.getByLabel("Action")).toHaveValue("user.set_role");
  const row = rows.filter({ hasText: "role=operator" }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText("from=viewer");
  await expect(row).toContainText("source=sso");
  await expect(row).toContainText(`sso:${IDP_HOST}`);
  await expect(row).toContainText("success");
  await context.close();
});

test("SSO: a console user an admin disabled cannot sign in by SSO", async ({ browser, baseURL }) => {
  // Its own account at the provider (and so its own console user), whatever ran before.
  const email = `sso-disabled-${Date.now()}@e2e.test`;
  addAccount({ email, groups: ["aic-viewers"], emailVerified: true });
  const first = await freshSsoSignIn(browser, baseURL, email);
  await expectSignedInAs(first.page, email, "Viewer");
  await first.context.close();

  const admin = await browser.newContext({ storageState: storageFor("admin") });
  const users = await admin.newPage();
  await users.goto("/users");
  const row = users.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) });
  await row.getByRole("button", { name: `Disable ${email}` }).click();
  await expect(row.getByText("disabled")).toBeVisible();
  await admin.close();

  const again = await freshSsoSignIn(browser, baseURL, email);
  await expectRefused(again.page, "Your console account is disabled. Ask an administrator to enable it.");
  await again.context.close();
  await expectSignInRefusalAudited(browser, email, "Console.AccountDisabled");
});

test("SSO: with the provider down, the button gives a clear page, and the break-glass admin still signs in with a password", async ({
  page,
}) => {
  await idp?.stop();
  idp = null;
  await page.goto("/login");
  await page.getByRole("button", { name: SSO_BUTTON.en }).click();
  await expectRefused(page, "The identity provider could not be reached, so single sign-on is not available right now.");

  await page.getByLabel("Email").fill(emailFor("admin"));
  await page.getByLabel("Password").fill(passwordFor("admin"));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toBeVisible();
});

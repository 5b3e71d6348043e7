import { expect, test, type Browser, type Page } from "@playwright/test";
import { storageFor } from "./support";

const historyRows = (page: Page) =>
  page
    .getByRole("table", { name: "Operations, newest first" })
    .locator("tbody > tr")
    .filter({ has: page.getByRole("button", { name: /^Details of/ }) });

const userRow = (page: Page, email: string) => page.getByRole("row").filter({ has: page.getByRole("cell", { name: email, exact: true }) });

/** The one-time password the Users page shows once, in the status message naming `email`. */
async function shownPassword(page: Page, message: string): Promise<string> {
  const status = page.getByRole("status").filter({ hasText: message });
  await expect(status).toBeVisible();
  const password = (await status.locator(".font-mono").textContent())?.trim() ?? "";
  expect(password.length).toBeGreaterThanOrEqual(20);
  return password;
}

/** Tries to sign in as `email` in a fresh context of its own; returns its page. */
async function signIn(browser: Browser, baseURL: string | undefined, email: string, password: string) {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}

test.describe("users, as admin", () => {
  test.use({ storageState: storageFor("admin") });

  test("an admin resets an operator's password: the old session ends, the one-time password signs in, History shows it", async ({
    page,
    browser,
    baseURL,
  }) => {
    // An operator of this test's own, so no other spec's stored session or password changes.
    const email = `reset-${Date.now()}@e2e.test`;
    await page.goto("/users");
    await page.getByLabel("New user email").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption("operator");
    await page.getByRole("button", { name: "Add user" }).click();
    const first = await shownPassword(page, `Password for ${email}`);

    const operator = await signIn(browser, baseURL, email, first);
    await expect(operator.getByRole("navigation", { name: "Main" })).toBeVisible();

    // The admin cannot reset their own password here; every other row has the button.
    await expect(userRow(page, "admin@e2e.test").getByRole("button", { name: /Reset password/ })).toHaveCount(0);
    const row = userRow(page, email);
    await row.getByRole("button", { name: `Reset password for ${email}` }).click();
    const dialog = page.getByRole("dialog", { name: `Reset the password of ${email}?` });
    await expect(dialog).toContainText("sessions end");
    await dialog.getByRole("button", { name: "Reset password" }).click();
    await expect(dialog).toBeHidden();
    const reset = await shownPassword(page, `New password for ${email}`);
    expect(reset).not.toBe(first);

    // The operator's session signed in before the reset: its next request is sent to sign in.
    await operator.getByRole("link", { name: "Images" }).click();
    await expect(operator).toHaveURL(/\/login/);
    await operator.context().close();

    const old = await signIn(browser, baseURL, email, first);
    await expect(old.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
    await old.context().close();
    const fresh = await signIn(browser, baseURL, email, reset);
    await expect(fresh.getByRole("navigation", { name: "Main" })).toBeVisible();
    await fresh.context().close();

    // Audited as user.set_password by the admin, without the password.
    await page.goto(`/history?action=user.set_password&target=${encodeURIComponent(email)}`);
    const events = historyRows(page);
    await expect(events).toHaveCount(1);
    await expect(events).toContainText("success");
    await expect(events).toContainText("admin@e2e.test");
    await expect(page.locator("body")).not.toContainText(reset);
  });
});

import { expect, test, type Page } from "@playwright/test";
import { emailFor, login, passwordFor, shellReady, storageFor } from "./support";

test.describe("signed out", () => {
  test("wrong password shows a clear message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(emailFor("viewer"));
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });

  test("a deep link goes to login, then back to the deep link", async ({ page }) => {
    await page.goto("/history?outcome=failure");
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.getByLabel("Email").fill(emailFor("viewer"));
    await page.getByLabel("Password").fill(passwordFor("viewer"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/history\?outcome=failure$/);
  });

  test("an absolute callback is not followed", async ({ page }) => {
    await login(page, "viewer", "https://evil.example/steal");
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/instances/);
  });

  test("sign in and sign out", async ({ page }) => {
    await login(page, "operator");
    await expect(page.getByRole("button", { name: /operator@e2e\.test/ })).toBeVisible();
    await page.getByRole("button", { name: /operator@e2e\.test/ }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/instances");
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe("as admin", () => {
  test.use({ storageState: storageFor("admin") });

  test("a disabled user is thrown out on the next navigation", async ({ page, browser, baseURL }) => {
    const temp = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const tempPage = await temp.newPage();
    await login(tempPage, "temp");

    await page.goto("/users");
    const row = page.getByRole("row", { name: /temp@e2e\.test/ });
    await row.getByRole("button", { name: "Disable temp@e2e.test" }).click();
    await expect(row.getByText("disabled")).toBeVisible();

    await tempPage.getByRole("link", { name: "Images" }).click();
    await expect(tempPage).toHaveURL(/\/login/);
    await row.getByRole("button", { name: "Enable temp@e2e.test" }).click();
    await expect(row.getByText("active")).toBeVisible();
    await temp.close();
  });
});

test.describe("idle timeout", () => {
  test.use({ storageState: storageFor("viewer") });

  test("background polling does not keep an idle session alive; real requests do", async ({ page }) => {
    await page.goto("/instances");
    const rolled = (headers: Record<string, string>) => (headers["set-cookie"] ?? "").includes("authjs.session-token");
    const polled = await page.request.get("/api/fleet", { headers: { "x-console-background": "1" } });
    expect(polled.status()).toBe(200);
    expect(rolled(polled.headers())).toBe(false);
    const asked = await page.request.get("/api/fleet");
    expect(asked.status()).toBe(200);
    expect(rolled(asked.headers())).toBe(true);
  });

  /** Opens /instances and lets 29 min 5 s pass with nothing done: the warning is showing. */
  async function idleUntilWarned(page: Page) {
    await page.clock.install();
    await page.goto("/instances");
    // The idle clock starts when the shell hydrates; jumping before that would restart it.
    await shellReady(page);
    await page.clock.fastForward("29:05");
    const dialog = page.getByRole("alertdialog", { name: "Your session is about to end" });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  test("warns a minute before the session ends", async ({ page }) => {
    const dialog = await idleUntilWarned(page);
    await dialog.getByRole("button", { name: "Stay signed in" }).click();
    await expect(dialog).toBeHidden();
  });

  test("any request the user makes restarts the browser's idle clock", async ({ page }) => {
    const dialog = await idleUntilWarned(page);
    // A refresh the user asks for is a request like any other: no warning after it.
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("button", { name: "Refresh" })).toBeEnabled();
    await page.clock.fastForward("28:00");
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(dialog).toBeHidden();
  });
});

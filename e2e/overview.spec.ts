import { expect, test, type Locator, type Page } from "@playwright/test";
import { ROLES, storageFor } from "./support";

// The fleet overview: each count is a link to the filtered list it counts, and following it shows
// that many rows (issue 16, "the overview's counts match the list's filters they link to").

/** The number an accessible name starts with: "1,234 instances in state running" → 1234. */
const leadingNumber = (text: string | null) => {
  const m = /^([\d,]+) /.exec(text ?? "");
  if (!m) throw new Error(`no count in ${JSON.stringify(text)}`);
  return Number(m[1].replace(/,/g, ""));
};

const region = (page: Page, name: string) => page.getByRole("region", { name });

/** The instances list's "N of M instances": N rows match the URL's filters. */
async function instancesListed(page: Page): Promise<number> {
  const total = page.getByText(/^[\d,]+ of [\d,]+ instances$/);
  await expect(total).toBeVisible();
  return leadingNumber(await total.textContent());
}

/** Every row History lists for the current URL's filters, over all its pages (100 a page). */
async function historyListed(page: Page): Promise<number> {
  const url = new URL(page.url());
  url.searchParams.set("limit", "100");
  let href: string | null = `${url.pathname}${url.search}`;
  let rows = 0;
  while (href) {
    await page.goto(href);
    rows += leadingNumber(await page.getByText(/^\d+ operations? on this page/).textContent());
    const next = page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next page" });
    href = (await next.count()) ? await next.getAttribute("href") : null;
  }
  return rows;
}

/**
 * Reads the count of the overview link `pick` finds, follows it, and checks the list shows that
 * many rows. Retried as a whole: the fleet (1 s cache in e2e) or the log may move between reads.
 */
async function countMatchesList(page: Page, pick: (page: Page) => Locator, listed: (page: Page) => Promise<number>) {
  await expect(async () => {
    await page.goto("/overview");
    const link = pick(page);
    const name = await link.getAttribute("aria-label");
    const href = (await link.getAttribute("href"))!;
    await link.click();
    await expect(page).toHaveURL((u) => `${u.pathname}${u.search}` === href);
    expect(await listed(page), `${name} → ${href}`).toBe(leadingNumber(name));
  }).toPass({ timeout: 30_000 });
}

test.describe("overview", () => {
  test.use({ storageState: storageFor("viewer") });

  test("is the first link of the console for every role", async ({ browser }) => {
    for (const role of ROLES) {
      const context = await browser.newContext({ storageState: storageFor(role) });
      const page = await context.newPage();
      await page.goto("/overview");
      await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link").first()).toHaveText("Overview");
      await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
      await context.close();
    }
  });

  test("counts by state, node and spec match the instances list they link to", async ({ page }) => {
    for (const facet of ["By state", "By ENS node", "By spec"]) {
      await countMatchesList(page, (p) => region(p, facet).getByRole("link").first(), instancesListed);
    }
    await page.goto("/overview");
    await expect(region(page, "By state").getByRole("link").first()).toHaveAccessibleName(/^[\d,]+ instances? in state \S+$/);
    await expect(region(page, "By ENS node").getByRole("link").first()).toHaveAccessibleName(/^[\d,]+ instances? on node \S+$/);
  });

  test("open logins match the list filtered on open logins", async ({ page }) => {
    await countMatchesList(page, (p) => region(p, "Logins").getByRole("link", { name: /^[\d,]+ logins? open now$/ }), instancesListed);
    await page.goto("/overview");
    const logins = region(page, "Logins");
    for (const [name, login] of [
      [/closing in the next hour$/, "closing-soon"],
      [/opened outside the console$/, "outside"],
      [/with no expiry$/, "no-expiry"],
      [/whose expiry failed$/, "expiry-failed"],
    ] as const) {
      await expect(logins.getByRole("link", { name })).toHaveAttribute("href", `/instances?login=${login}`);
    }
  });

  test("failed and unknown operations in the last 24 h match the filtered history", async ({ page }) => {
    // At least one failure in the window: a wrong password is a failed auth.sign_in (from a signed-out context).
    const anon = await page
      .context()
      .browser()!
      .newContext({ storageState: { cookies: [], origins: [] } });
    const signIn = await anon.newPage();
    await signIn.goto("/login");
    await signIn.getByLabel("Email").fill(`overview-${Date.now()}@e2e.test`);
    await signIn.getByLabel("Password").fill("wrong-password");
    await signIn.getByRole("button", { name: "Sign in" }).click();
    await expect(signIn.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
    await anon.close();

    const ops = (p: Page) => region(p, "Operations in the last 24 hours");
    const failed = (p: Page) => ops(p).getByRole("link", { name: /failed operations? in the last 24 h$/ });
    await countMatchesList(page, failed, historyListed);
    await page.goto("/overview");
    expect(leadingNumber(await failed(page).getAttribute("aria-label"))).toBeGreaterThan(0);
    await countMatchesList(page, (p) => ops(p).getByRole("link", { name: /with an unknown outcome in the last 24 h$/ }), historyListed);
  });

  test("the hourly chart summarises the window and has its numbers in a table", async ({ page }) => {
    await page.goto("/overview");
    const ops = region(page, "Operations in the last 24 hours");
    const failed = leadingNumber(await ops.getByRole("link", { name: /failed operations? in the last 24 h$/ }).getAttribute("aria-label"));
    const all = leadingNumber(await ops.getByRole("link", { name: /^[\d,]+ operations? in the last 24 h$/ }).getAttribute("aria-label"));
    await expect(ops.getByRole("img", { name: /^Operations per hour over the last 24 hours/ })).toHaveAccessibleName(
      new RegExp(`: ${all} operations?, ${failed} failed\\.`),
    );
    const table = ops.getByRole("table", { name: "Operations and failures per hour, last 24 hours" });
    await expect(table.locator("tbody tr")).toHaveCount(24);
    await expect(table.locator("tbody tr").last()).toContainText("in the last hour");
  });
});

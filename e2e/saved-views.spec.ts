import { expect, test, type Page } from "@playwright/test";
import { emailFor, shellReady, storageFor } from "./support";

// Saved views (issue 31): an operator saves the list's filter under a name, opens it again from the
// Views menu (a link, /instances?view=<id>, that applies the filter), renames and deletes it; a
// view shared with everyone is in a viewer's Views menu and applies for them too.

test.use({ storageState: storageFor("operator") });

const countText = (page: Page) => page.getByText(/ of \d+ instances/);

async function saveView(page: Page, name: string, shared = false) {
  await page.getByRole("button", { name: "Save view" }).click();
  const dialog = page.getByRole("dialog", { name: "Save view" });
  await dialog.getByLabel("View name").fill(name);
  if (shared) await dialog.getByLabel("Shared with everyone").check();
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog).toBeHidden();
}

async function openViews(page: Page) {
  await page.getByRole("button", { name: "Views", exact: true }).click();
  return page.getByRole("navigation", { name: "Saved views" });
}

test("an operator saves a filtered view and opens it from the Views menu as /instances?view=<id>, which applies the filter", async ({
  page,
}) => {
  const name = `Node view ${Date.now()}`;
  await page.goto("/instances");
  await shellReady(page);
  const node = (await page.getByLabel("ENS node").locator("option").nth(1).textContent())!;
  await page.getByLabel("ENS node").selectOption(node);
  await expect(page).toHaveURL(/node=/);
  const filtered = (await countText(page).textContent())!;

  await saveView(page, name);

  // The list without the filter, then the saved view from the menu.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Instances" }).click();
  await expect(page).not.toHaveURL(/node=/);
  await expect(page.getByLabel("ENS node")).toHaveValue("");
  const menu = await openViews(page);
  await menu.getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/instances\?view=[0-9a-f-]{36}$/);
  const viewUrl = page.url();
  await expect(page.getByLabel("ENS node")).toHaveValue(node);
  await expect(page.getByText(`Saved view: ${name}`)).toBeVisible();
  await expect(countText(page)).toHaveText(filtered);

  // The link itself applies it (a fresh load, server-rendered).
  await page.goto(viewUrl);
  await expect(page.getByLabel("ENS node")).toHaveValue(node);

  // In the History.
  await page.goto("/history?action=view.save");
  await expect(page.getByRole("row").filter({ hasText: name }).first()).toBeVisible();
});

test("the owner renames and deletes their view; its link then shows the list without it, and says so", async ({ page }) => {
  const name = `Closed view ${Date.now()}`;
  await page.goto("/instances?login=closed");
  await shellReady(page);
  await saveView(page, name);
  await (await openViews(page)).getByRole("link", { name }).click();
  await expect(page).toHaveURL(/\/instances\?view=[0-9a-f-]{36}$/);
  const viewUrl = page.url();
  await expect(page.getByLabel("Login", { exact: true })).toHaveValue("closed");

  await (await openViews(page)).getByRole("button", { name: `Rename view ${name}` }).click();
  const rename = page.getByRole("dialog", { name: "Rename view" });
  await rename.getByLabel("View name").fill(`${name} renamed`);
  await rename.getByRole("button", { name: "Rename", exact: true }).click();
  await expect(rename).toBeHidden();
  await (await openViews(page)).getByRole("button", { name: `Delete view ${name} renamed` }).click();
  const del = page.getByRole("dialog", { name: "Delete view" });
  await del.getByRole("button", { name: "Delete view" }).click();
  await expect(del).toBeHidden();
  await expect((await openViews(page)).getByRole("link", { name })).toHaveCount(0);
  await page.goto(viewUrl);
  await expect(page.getByText("This saved view does not exist or is not shared with you")).toBeVisible();
  await expect(page.getByLabel("Login", { exact: true })).toHaveValue("");
});

test("a view shared with everyone is in a viewer's Views menu and applies its filter; only its owner or an admin manages it", async ({
  page,
  browser,
}) => {
  const name = `Closed logins ${Date.now()}`;
  await page.goto("/instances");
  await shellReady(page);
  await page.getByLabel("Login", { exact: true }).selectOption("closed");
  await expect(page).toHaveURL(/login=closed/);
  await saveView(page, name, true);
  const privateName = `Private ${Date.now()}`;
  await saveView(page, privateName);

  const viewer = await browser.newContext({ storageState: storageFor("viewer") });
  const vp = await viewer.newPage();
  await vp.goto("/instances");
  await shellReady(vp);
  const menu = await openViews(vp);
  const shared = menu.getByRole("region", { name: "Shared" });
  await expect(shared.getByRole("link", { name: new RegExp(name) })).toContainText(`by ${emailFor("operator")}`);
  await expect(menu.getByRole("link", { name: new RegExp(privateName) })).toHaveCount(0);
  await expect(menu.getByRole("button", { name: `Rename view ${name}` })).toHaveCount(0);
  await expect(menu.getByRole("button", { name: `Delete view ${name}` })).toHaveCount(0);
  await shared.getByRole("link", { name: new RegExp(name) }).click();
  await expect(vp).toHaveURL(/\/instances\?view=[0-9a-f-]{36}$/);
  await expect(vp.getByLabel("Login", { exact: true })).toHaveValue("closed");
  await viewer.close();
});

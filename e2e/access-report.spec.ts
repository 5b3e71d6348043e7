import { expect, test, type Page } from "@playwright/test";
import { storageFor } from "./support";

// The access review report (issue 30) as an auditor sees it: an operator opens a login, the auditor
// finds the interval on /reports/access for that instance (reason, opener, still open), and
// exports it as CSV and JSON Lines; a viewer is refused.

const KEY = "support-adb-key (g-support)";
const switchOf = (page: Page, id: string) => page.getByRole("switch", { name: `Login for ${id}` });

test("an auditor sees an open login on the access report and exports it", async ({ browser }) => {
  const operator = await browser.newContext({ storageState: storageFor("operator") });
  const op = await operator.newPage();
  // A closed instance from the middle of the id order, away from the other specs' picks.
  await op.goto("/instances?login=closed&sort=id&dir=desc");
  const sw = op.getByRole("switch").nth(7);
  await expect(sw).toHaveAttribute("aria-checked", "false");
  const id = (await sw.getAttribute("aria-label"))!.replace("Login for ", "");
  await op.goto(`/instances?q=${encodeURIComponent(id)}`);
  await switchOf(op, id).click();
  const dialog = op.getByRole("dialog", { name: `Open login on ${id}` });
  await dialog.getByLabel("Public key").selectOption({ label: KEY });
  await dialog.getByLabel("Duration in minutes").fill("30");
  await dialog.getByLabel("Reason").fill("REPORT-E2E access review");
  await dialog.getByRole("button", { name: "Open login" }).click();
  await expect(switchOf(op, id)).toHaveAttribute("aria-checked", "true");

  const auditor = await browser.newContext({ storageState: storageFor("auditor") });
  const page = await auditor.newPage();
  await page.goto("/overview");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
  await expect(page.getByRole("heading", { name: "Access review" })).toBeVisible();
  await page.getByLabel("Instance ID", { exact: true }).fill(id);
  await page.getByRole("button", { name: "Show report" }).click();
  await expect(page).toHaveURL(new RegExp(`instance=${id}`));
  const rows = page.getByTestId("access-interval");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("REPORT-E2E access review");
  await expect(rows.first()).toContainText("operator@e2e.test");
  await expect(rows.first()).toContainText("still open");

  const csv = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csvText = await (await (await csv).createReadStream()).toArray();
  expect(Buffer.concat(csvText).toString("utf8")).toContain("REPORT-E2E access review");
  const jsonl = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export JSON Lines" }).click();
  const lines = Buffer.concat(await (await (await jsonl).createReadStream()).toArray())
    .toString("utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatchObject({ kind: "access_interval", instanceId: id, ending: "open" });
  expect(lines[1].checkpoint?.signature).toBeTruthy();
  await expect(page.getByRole("heading", { name: "Standing access" })).toBeVisible();

  // Viewers have no such report.
  const viewer = await browser.newContext({ storageState: storageFor("viewer") });
  const res = await viewer.request.get(`/api/reports/access?instance=${id}`);
  expect(res.status()).toBe(403);

  // Leave the instance closed for the other specs.
  await switchOf(op, id).click();
  const confirm = op.getByRole("dialog");
  if (await confirm.isVisible().catch(() => false)) await confirm.getByRole("button", { name: /close/i }).click();
  await expect(switchOf(op, id)).toHaveAttribute("aria-checked", "false");
  await Promise.all([operator.close(), auditor.close(), viewer.close()]);
});

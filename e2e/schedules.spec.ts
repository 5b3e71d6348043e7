import { expect, test, type Page } from "@playwright/test";
import { shellReady, storageFor } from "./support";

// Schedules (issue 31): an operator saves a view of the instance list, then schedules an action on
// it. What is deterministic is checked first: the schedule is listed, the form previews the next
// five runs in the chosen time zone, Pause and Resume change its state, an edit and a delete. Then,
// separately, a one-time run a minute ahead: the schedules pass (every CONSOLE_SCHEDULES_CHECK_MS,
// 15 s by default) starts it as an operation, listed under the schedule and named on /operations.

test.use({ storageState: storageFor("operator") });

const UUID = /\/schedules\/([0-9a-f-]{36})$/;

/** Saves the instance list filtered to one ENS node's closed logins as `name` (closing them is a no-op). */
async function saveView(page: Page, name: string) {
  await page.goto("/instances");
  await shellReady(page);
  const node = (await page.getByLabel("ENS node").locator("option").nth(1).textContent())!;
  await page.getByLabel("ENS node").selectOption(node);
  await expect(page).toHaveURL(/node=/);
  await page.getByLabel("Login", { exact: true }).selectOption("closed");
  await expect(page).toHaveURL(/login=closed/);
  await page.getByRole("button", { name: "Save view" }).click();
  const dialog = page.getByRole("dialog", { name: "Save view" });
  await dialog.getByLabel("View name").fill(name);
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog).toBeHidden();
}

async function openForm(page: Page) {
  await page.goto("/schedules");
  await shellReady(page);
  await page.getByRole("button", { name: "New schedule" }).click();
  await expect(page).toHaveURL(/\/schedules\/new$/);
  await expect(page.getByRole("heading", { name: "New schedule" })).toBeVisible();
}

const preview = (page: Page) => page.getByRole("list", { name: "Next five runs" });

test("an operator schedules a repeating action on a saved view: the next five runs in its zone, listed, paused, resumed, edited and deleted", async ({
  page,
}) => {
  const stamp = Date.now();
  const view = `Schedule target ${stamp}`;
  const name = `Nightly close ${stamp}`;
  await saveView(page, view);
  await openForm(page);

  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Target view").selectOption({ label: view });
  const action = page.getByLabel("Action", { exact: true });
  for (const option of ["Open login", "Close login", "Reboot", "Reset"])
    await expect(action.getByRole("option", { name: option, exact: true })).toHaveCount(1);
  // Resets are an admin's: offered to an operator, but not choosable.
  await expect(action.getByRole("option", { name: "Reset", exact: true })).toBeDisabled();
  await action.selectOption({ label: "Close login" });
  await page.getByLabel("Repeat", { exact: true }).fill("30 2 * * *");

  // The preview reads the rule in the chosen zone: five runs, each at 02:30 on that zone's clocks.
  await page.getByLabel("Time zone").selectOption("UTC");
  await expect(preview(page).getByRole("listitem")).toHaveCount(5);
  for (const item of await preview(page).getByRole("listitem").all()) await expect(item).toHaveText(/^\d{4}-\d{2}-\d{2} 02:30 UTC$/);
  await page.getByLabel("Time zone").selectOption("Asia/Shanghai");
  await expect(preview(page).getByRole("listitem")).toHaveCount(5);
  const runs = await preview(page).getByRole("listitem").allTextContents();
  for (const r of runs) expect(r).toMatch(/^\d{4}-\d{2}-\d{2} 02:30 Asia\/Shanghai$/);
  expect(new Set(runs).size).toBe(5);
  // A rule that is not one says so instead.
  await page.getByLabel("Repeat", { exact: true }).fill("every night");
  await expect(preview(page)).toHaveCount(0);
  await expect(page.getByText("Not a repeat rule yet.")).toBeVisible();
  await page.getByLabel("Repeat", { exact: true }).fill("30 2 * * *");

  await page.getByLabel("Reason", { exact: true }).fill("E2E-31 nightly close");
  await page.getByLabel("At most N instances").fill("500");
  await page.getByLabel("At most at once").fill("3");
  // "Stop when failures exceed" takes a count or a percentage, nothing else.
  await page.getByLabel("Stop when failures exceed").fill("a few");
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page.getByText("A count (5) or a percentage (10%).", { exact: true })).toBeVisible();
  await page.getByLabel("Stop when failures exceed").fill("10%");
  await page.getByRole("button", { name: "Create schedule" }).click();

  await expect(page).toHaveURL(UUID);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByTestId("schedule-state")).toHaveText("Active");
  await expect(page.getByRole("list", { name: "Next five runs" }).getByRole("listitem")).toHaveCount(5);
  expect(await page.getByRole("list", { name: "Next five runs" }).getByRole("listitem").allTextContents()).toEqual(runs);
  await expect(page.getByText("10%", { exact: true })).toBeVisible();

  // Listed, for everyone to see.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Schedules" }).click();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(row).toContainText("Close login");
  await expect(row).toContainText(view);
  await expect(row).toContainText("30 2 * * * (Asia/Shanghai)");
  await expect(row).toContainText("operator@e2e.test");
  await expect(row.getByTestId("schedule-state")).toHaveText("Active");
  await row.getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(UUID);

  // Pause: no run ahead; Resume: active again.
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await expect(page.getByTestId("schedule-state")).toHaveText("Paused");
  await expect(page.getByText("No run ahead.")).toBeVisible();
  await page.getByRole("button", { name: "Resume", exact: true }).click();
  await expect(page.getByTestId("schedule-state")).toHaveText("Active");
  await expect(page.getByRole("list", { name: "Next five runs" }).getByRole("listitem")).toHaveCount(5);

  // Edit: the same form, prefilled.
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(page).toHaveURL(/\/edit$/);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(page.getByLabel("Repeat", { exact: true })).toHaveValue("30 2 * * *");
  await expect(page.getByLabel("Stop when failures exceed")).toHaveValue("10%");
  await page.getByLabel("At most at once").fill("4");
  await page.getByRole("button", { name: "Save schedule" }).click();
  await expect(page).toHaveURL(UUID);
  const id = UUID.exec(page.url())![1];

  // Each change is in the History.
  for (const action of ["schedule.create", "schedule.pause", "schedule.resume", "schedule.update"]) {
    await page.goto(`/history?action=${action}`);
    await expect(page.getByRole("row").filter({ hasText: id }).first()).toBeVisible();
  }

  // Delete, confirmed: gone from the list.
  await page.goto(`/schedules/${id}`);
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Delete schedule" });
  await dialog.getByRole("button", { name: "Delete schedule" }).click();
  await expect(page).toHaveURL(/\/schedules$/);
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
});

test("a one-time schedule a minute ahead runs as an operation: listed under the schedule, and /operations names the schedule", async ({
  page,
}) => {
  // The run waits for its time (up to 90 s) and the next schedules pass (15 s).
  test.setTimeout(240_000);
  const stamp = Date.now();
  const view = `Schedule once ${stamp}`;
  const name = `One-off close ${stamp}`;
  await saveView(page, view);
  await openForm(page);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Target view").selectOption({ label: view });
  await page.getByLabel("Action", { exact: true }).selectOption({ label: "Close login" });
  await page.getByLabel("One time").check();
  await page.getByLabel("Time zone").selectOption("UTC");
  // 30 to 90 s ahead, on UTC's clocks.
  const at = new Date(Date.now() + 90_000).toISOString().slice(0, 16);
  await page.getByLabel("Run at").fill(at);
  await expect(preview(page).getByRole("listitem")).toHaveText([`${at.replace("T", " ")} UTC`]);
  await page.getByLabel("Reason", { exact: true }).fill("E2E-31 one-off close");
  await page.getByLabel("At most N instances").fill("100000");
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page).toHaveURL(UUID);
  await expect(page.getByText(`Once at ${at.replace("T", " ")} (UTC)`)).toBeVisible();

  // Its run: started, linked to its operation.
  const runs = page.getByRole("table", { name: "Runs of this schedule, newest first" });
  await expect(async () => {
    await page.reload();
    await expect(runs.getByRole("row").filter({ hasText: "started" })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 180_000, intervals: [5000] });
  await runs.getByRole("link", { name: /^Operation / }).click();
  await expect(page).toHaveURL(/\/operations\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("link", { name: `Schedule: ${name}` })).toBeVisible();

  // The operations list names the schedule on the run, linking back to it.
  await page.goto("/operations");
  const link = page.getByRole("link", { name: `Schedule: ${name}` });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(UUID);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
});

test.describe("as a viewer", () => {
  test.use({ storageState: storageFor("viewer") });

  test("a viewer sees the schedules but cannot create one", async ({ page }) => {
    await page.goto("/schedules");
    await shellReady(page);
    await expect(page.getByRole("heading", { name: "Schedules", level: 1 })).toBeVisible();
    await expect(page.getByRole("table", { name: "Schedules, by name" })).toBeVisible();
    await expect(page.getByRole("button", { name: "New schedule" })).toHaveCount(0);
    expect((await page.goto("/schedules/new"))?.status()).toBe(404);
  });
});

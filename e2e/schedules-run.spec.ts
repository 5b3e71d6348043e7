import { expect, test, type Page } from "@playwright/test";
import { emulatorReset, shellReady, storageFor } from "./support";

// A recurring schedule, run for real (issue 31): an operator opens login on three instances, saves
// the list filtered to them (their board, login open) as a view, and schedules `Close login` on it
// every minute. Within the next minute boundary and schedules pass the run starts: an operation by
// the operator that names the schedule, listed under it, and the three logins are closed. Then
// `Pause`: the next boundary passes, and a pass after it, without a run.

test.use({ storageState: storageFor("operator") });

const KEY = "support-adb-key (g-support)";
/** CONSOLE_SCHEDULES_CHECK_MS as the e2e server runs it (the default, docs/operations.md). */
const SCHEDULES_CHECK_MS = 15_000;
const SCHEDULE = /\/schedules\/([0-9a-f-]{36})$/;
const OPERATION = /\/operations\/([0-9a-f-]{36})$/;
const status = (page: Page) => page.getByRole("status").filter({ hasText: /ok, \d+ failed|of \d+ done/ });
const runsTable = (page: Page) => page.getByRole("table", { name: "Runs of this schedule, newest first" });

async function loginOpen(page: Page, id: string): Promise<boolean> {
  return ((await (await page.request.get(`/api/instances/${id}`)).json()) as { login: { open: boolean } }).login.open;
}

/**
 * One board from the middle of the id order, all of its logins closed: other specs take their
 * instances from both ends of the order, and e2e/operation-stop.spec.ts from before this one.
 */
async function boardInTheMiddle(page: Page): Promise<{ server: string; ids: string[] }> {
  const fleet = (await (await page.request.get("/api/fleet")).json()) as {
    rows: { id: string; serverId: string; login: { open: boolean } }[];
  };
  const servers = [...new Set(fleet.rows.map((r) => r.serverId))].sort();
  for (const server of servers.slice(17, 21)) {
    const rows = fleet.rows.filter((r) => r.serverId === server);
    if (rows.every((r) => !r.login.open))
      return {
        server,
        ids: rows
          .map((r) => r.id)
          .sort()
          .slice(0, 3),
      };
  }
  throw new Error("no board in the middle of the fleet has every login closed");
}

let scheduleId: string | null = null;

test.beforeEach(async ({ request }) => emulatorReset(request));

// A schedule left behind by a failed try would keep running every minute: deleted here too.
test.afterEach(async ({ page }) => {
  if (!scheduleId) return;
  await page.goto(`/schedules/${scheduleId}`);
  const remove = page.getByRole("button", { name: "Delete", exact: true });
  if (await remove.isVisible()) {
    await remove.click();
    await page.getByRole("dialog", { name: "Delete schedule" }).getByRole("button", { name: "Delete schedule" }).click();
    await expect(page).toHaveURL(/\/schedules$/);
  }
  scheduleId = null;
});

test("a schedule every minute closes the logins of a saved view: its run is an operation naming it, and once paused it does not run at the next minute", async ({
  page,
}) => {
  // Up to a minute and a pass for the run, as long again for the paused boundary.
  test.setTimeout(300_000);
  const stamp = Date.now();
  const view = `Open on board ${stamp}`;
  const name = `Every minute close ${stamp}`;
  const { server, ids } = await boardInTheMiddle(page);

  // Three logins opened from the bulk dialog, with the shared key.
  await page.goto(`/instances?server=${server}`);
  await shellReady(page);
  for (const id of ids) await page.getByRole("checkbox", { name: `Select ${id}` }).check();
  await page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Open login…" }).click();
  const open = page.getByRole("dialog", { name: "Open login on 3 instances" });
  await open.getByLabel("Public key").selectOption({ label: KEY });
  await open.getByRole("button", { name: "15 min", exact: true }).click();
  await open.getByLabel("Reason").fill("e2e schedules run TICKET-31");
  await open.getByRole("button", { name: "Open login on 3" }).click();
  await expect(page).toHaveURL(OPERATION);
  await expect(status(page)).toHaveText("3 ok, 0 failed", { timeout: 30_000 });

  // The view: that board's open logins, the three just opened.
  await page.goto(`/instances?server=${server}&login=open`);
  await shellReady(page);
  await expect(page.getByRole("switch", { checked: true })).toHaveCount(3);
  for (const id of ids) await expect(page.getByRole("switch", { name: `Login for ${id}` })).toBeChecked();
  await page.getByRole("button", { name: "Save view" }).click();
  const save = page.getByRole("dialog", { name: "Save view" });
  await save.getByLabel("View name").fill(view);
  await save.getByRole("button", { name: "Save", exact: true }).click();
  await expect(save).toBeHidden();

  // The schedule: Close login on that view, every minute.
  await page.goto("/schedules");
  await shellReady(page);
  await page.getByRole("button", { name: "New schedule" }).click();
  await expect(page.getByRole("heading", { name: "New schedule" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Target view").selectOption({ label: view });
  await page.getByLabel("Action", { exact: true }).selectOption({ label: "Close login" });
  await page.getByLabel("Repeat", { exact: true }).fill("* * * * *");
  await page.getByLabel("Time zone").selectOption("UTC");
  await expect(page.getByRole("list", { name: "Next five runs" }).getByRole("listitem")).toHaveCount(5);
  await page.getByLabel("Reason", { exact: true }).fill("E2E-31 close every minute");
  await page.getByLabel("At most N instances").fill("10");
  await page.getByLabel("At most at once").fill("2");
  await page.getByLabel("Stop when failures exceed").fill("1");
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page).toHaveURL(SCHEDULE);
  scheduleId = SCHEDULE.exec(page.url())![1];
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByTestId("schedule-state")).toHaveText("Active");
  await expect(page.getByText("* * * * * (UTC)")).toBeVisible();

  // Its first run, at the next minute boundary (the next pass after it starts it): started, linked to its operation.
  const runs = runsTable(page);
  await expect(async () => {
    await page.reload();
    await expect(runs.getByRole("row").filter({ hasText: "started" }).first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 + SCHEDULES_CHECK_MS + 30_000, intervals: [3000] });
  await runs
    .getByRole("row")
    .filter({ hasText: "started" })
    .last()
    .getByRole("link", { name: /^Operation / })
    .click();
  await expect(page).toHaveURL(OPERATION);
  const operationId = OPERATION.exec(page.url())![1];
  // The operation names its schedule, ran as the schedule's owner over the view's three instances, and closed them.
  const scheduleLink = page.getByRole("link", { name: `Schedule: ${name}` });
  await expect(scheduleLink).toBeVisible();
  await expect(page.getByRole("heading", { name: "Close login", level: 1 })).toBeVisible();
  await expect(page.getByText(`saved view ${view} (3 instances)`)).toBeVisible();
  await expect(status(page)).toHaveText("3 ok, 0 failed", { timeout: 30_000 });
  const items = page.getByRole("table", { name: "Items" }).locator("tbody tr");
  await expect(items).toHaveCount(3);
  for (const id of ids) await expect(items.filter({ hasText: id })).toHaveCount(1);
  for (const id of ids) expect(await loginOpen(page, id)).toBe(false);
  await page.goto(`/instances?server=${server}`);
  for (const id of ids) await expect(page.getByRole("switch", { name: `Login for ${id}` })).not.toBeChecked();

  // On /operations, the run is named by its schedule; the link goes back to it.
  await page.goto("/operations");
  const row = page
    .getByRole("table", { name: "Operations, newest first" })
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: `Schedule: ${name}` }) })
    .first();
  await expect(row).toBeVisible();
  await row.getByRole("link", { name: `Schedule: ${name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/schedules/${scheduleId}$`));
  await expect(runsTable(page).getByRole("link", { name: `Operation ${operationId}` })).toBeVisible();

  // Pause. Its runs until now (a boundary between the first run and the pause may have added a
  // refused one: the view no longer matches anything) stay; none after the pause.
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await expect(page.getByTestId("schedule-state")).toHaveText("Paused");
  const pausedAt = Date.now();
  await expect(page.getByText("No run ahead.")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("schedule-state")).toHaveText("Paused");
  const before = await runs.locator("tbody tr").count();
  expect(before).toBeGreaterThanOrEqual(1);

  // Past the next minute boundary, and a whole pass after it (plus margin): still no new run.
  const boundary = Math.ceil(pausedAt / 60_000) * 60_000;
  const waitMs = boundary + SCHEDULES_CHECK_MS + 5_000 - Date.now();
  test.info().annotations.push({ type: "wait", description: `${Math.round(waitMs / 1000)} s past the next boundary while paused` });
  await page.waitForTimeout(waitMs);
  await page.reload();
  await expect(page.getByTestId("schedule-state")).toHaveText("Paused");
  await expect(runs.locator("tbody tr")).toHaveCount(before);
  const occurrences = await runs.locator("tbody tr time").evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute("datetime")!)));
  expect(occurrences.filter((t) => t > pausedAt)).toEqual([]);

  // The pause is in the History; then the schedule goes (afterEach would too).
  await page.goto(`/history?action=schedule.pause`);
  await expect(page.getByRole("row").filter({ hasText: scheduleId }).first()).toBeVisible();
  await page.goto(`/schedules/${scheduleId}`);
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("dialog", { name: "Delete schedule" }).getByRole("button", { name: "Delete schedule" }).click();
  await expect(page).toHaveURL(/\/schedules$/);
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
  scheduleId = null;
});

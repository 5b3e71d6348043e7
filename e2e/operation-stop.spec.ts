import { expect, test, type Page } from "@playwright/test";
import { emulatorFaults, emulatorReset, storageFor, toasts } from "./support";

// "Stop when failures exceed" (issue 31): a bulk open over 40 instances, 8 of them failing on ENS,
// stops once more than 5 failed: the items not started end `cancelled` with the reason, the
// operation says it stopped, and the stop is audited (operation.cancel by system:engine). Then,
// the faults gone, `Retry failed` runs the failed items only, as a linked operation, and they open.

const KEY = "support-adb-key (g-support)";
const UUID = /\/operations\/([0-9a-f-]{36})$/;
const ENDED = /^(\d+) ok, (\d+) failed(?:, (\d+) cancelled)?$/;
const status = (page: Page) => page.getByRole("status").filter({ hasText: /ok, \d+ failed|of \d+ done/ });
const itemRows = (page: Page) => page.getByRole("table", { name: "Items" }).locator("tbody tr");

async function operationId(page: Page, not?: string): Promise<string> {
  await expect(page).toHaveURL(UUID);
  if (not) await expect(page).not.toHaveURL(new RegExp(`/operations/${not}$`));
  return UUID.exec(page.url())![1];
}

async function loginOpen(page: Page, id: string): Promise<boolean> {
  return ((await (await page.request.get(`/api/instances/${id}`)).json()) as { login: { open: boolean } }).login.open;
}

/**
 * Five boards (40 instances) from the middle of the id order, every login closed: other specs take
 * theirs from the first seven boards and the last few, e2e/schedules-run.spec.ts from further on.
 */
async function fiveBoards(page: Page): Promise<{ servers: string[]; ids: string[] }> {
  const fleet = (await (await page.request.get("/api/fleet")).json()) as {
    rows: { id: string; serverId: string; login: { open: boolean } }[];
  };
  const all = [...new Set(fleet.rows.map((r) => r.serverId))].sort();
  const servers = all
    .slice(8, 17)
    .filter((s) => fleet.rows.every((r) => r.serverId !== s || !r.login.open))
    .slice(0, 5);
  const ids = fleet.rows
    .filter((r) => servers.includes(r.serverId))
    .map((r) => r.id)
    .sort();
  expect(ids).toHaveLength(40);
  return { servers, ids };
}

test.describe("a run that stops on failures, as operator", () => {
  test.use({ storageState: storageFor("operator") });
  test.beforeEach(async ({ request }) => emulatorReset(request));
  test.afterEach(async () => emulatorFaults({}));

  test("a bulk open of 40 with 8 ENS failures and Stop when failures exceed 5 stops: the rest cancelled, the stop audited; Retry failed opens the failed ones only", async ({
    page,
  }) => {
    test.slow();
    const { servers, ids } = await fiveBoards(page);
    const boards = servers.map((s) => `server=${s}`).join("&");
    // The first eight in the run's order (the list's, by id) fail: more than five fail before the run ends.
    const failing = ids.slice(0, 8);
    await page.goto(`/instances?${boards}&login=closed`);
    await page.getByRole("button", { name: "Select all 40 matching" }).click();
    await emulatorFaults({ errorRate: 1, errors: ["NoPermission"], actions: ["ManageAICLogin"], instanceIds: failing });
    await page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Open login…" }).click();
    const dialog = page.getByRole("dialog", { name: "Open login on 40 instances" });
    await dialog.getByLabel("Public key").selectOption({ label: KEY });
    await dialog.getByRole("button", { name: "15 min", exact: true }).click();
    await dialog.getByLabel("Reason").fill("e2e stop on failures TICKET-31");
    await dialog.getByLabel("Stop when failures exceed").fill("5");
    await dialog.getByRole("button", { name: "Open login on 40" }).click();
    const first = await operationId(page);

    // Stopped: ended with some cancelled, state `cancelled`, and the counts add up to 40.
    await expect(status(page)).toHaveText(ENDED, { timeout: 60_000 });
    const [, ok, failed, cancelled] = ENDED.exec((await status(page).textContent())!)!.map(Number);
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThanOrEqual(8);
    expect(cancelled).toBeGreaterThan(0);
    expect(ok + failed + cancelled).toBe(40);
    await expect(page.getByRole("progressbar", { name: "Bulk progress" })).toHaveAttribute("aria-valuenow", "40");
    // Its state (beside "State" in its details) reads cancelled.
    await expect(page.getByRole("definition").filter({ hasText: /^cancelled$/ })).toHaveCount(1);

    // The items not started: cancelled, with the reason in words.
    await page.getByRole("navigation", { name: "Filter items by state" }).getByRole("link", { name: "cancelled", exact: true }).click();
    await expect(page).toHaveURL(/items=cancelled$/);
    await expect(itemRows(page)).toHaveCount(cancelled);
    for (const row of await itemRows(page).all()) {
      await expect(row).toContainText("Console.StoppedOnFailures");
      await expect(row).toContainText(/Stopped: \d+ of 40 items failed \(more than 5 failed\)\./);
    }
    // The failed ones are among the eight that failed on ENS.
    await page.getByRole("navigation", { name: "Filter items by state" }).getByRole("link", { name: "failed", exact: true }).click();
    await expect(page).toHaveURL(/items=failed$/);
    await expect(itemRows(page)).toHaveCount(failed);
    const failedIds = (await itemRows(page).getByRole("link", { name: /^aic-/ }).allTextContents()).map((s) => s.trim()).sort();
    expect(failedIds).toHaveLength(failed);
    for (const id of failedIds) expect(failing).toContain(id);
    for (const row of await itemRows(page).all()) await expect(row).toContainText("NoPermission");

    // The stop, in the History: operation.cancel on this operation, by the engine.
    await page.goto(`/history?action=operation.cancel&target=${first}`);
    const stops = page.getByRole("table").locator("tbody tr");
    await expect(stops).toHaveCount(1);
    await expect(stops).toContainText("system:engine");
    await expect(stops.getByRole("cell", { name: "success", exact: true })).toBeVisible();

    // The faults gone, Retry failed: a new operation over the failed items only, linked to the first.
    await emulatorFaults({});
    await page.goto(`/operations/${first}`);
    await page.getByRole("button", { name: "Retry failed" }).click();
    const retry = page.getByRole("dialog", { name: "Retry failed items" });
    await expect(retry).toContainText(`the ${failed} failed items`);
    await retry.getByRole("button", { name: `Retry ${failed} items` }).click();
    const second = await operationId(page, first);
    await expect(toasts(page)).toContainText("Retry started");
    await expect(page.getByRole("navigation", { name: "Related operations" })).toHaveText(`Retry of ${first}`);
    await expect(status(page)).toHaveText(`${failed} ok, 0 failed`, { timeout: 30_000 });
    await expect(itemRows(page)).toHaveCount(failed);
    expect((await itemRows(page).getByRole("link", { name: /^aic-/ }).allTextContents()).map((s) => s.trim()).sort()).toEqual(failedIds);
    for (const id of failedIds) expect(await loginOpen(page, id)).toBe(true);
    await page.goto(`/operations/${first}`);
    await expect(page.getByRole("navigation", { name: "Related operations" })).toHaveText(`Retried as ${second}`);

    // Put back: close what the two opened (the cancelled ones were never opened).
    const opened = ok + failed;
    await page.goto(`/instances?${boards}&login=open`);
    await page.getByRole("button", { name: `Select all ${opened} matching` }).click();
    await page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Close login…" }).click();
    await page
      .getByRole("dialog", { name: `Close login on ${opened} instances` })
      .getByRole("button", { name: `Close login on ${opened}` })
      .click();
    await operationId(page, second);
    await expect(status(page)).toHaveText(`${opened} ok, 0 failed`, { timeout: 60_000 });
    for (const id of failedIds) expect(await loginOpen(page, id)).toBe(false);
  });
});

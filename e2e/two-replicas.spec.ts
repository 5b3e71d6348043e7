import { expect, test, type Page } from "@playwright/test";
import { DEMO_ACCESS_KEY } from "../emulator/demo-key";
import { call, makeClient } from "../emulator/test/sdk";
import { EMULATOR, storageFor } from "./support";

// Two people on two console replicas of one deployment (PostgreSQL): the operator's toggle on
// replica A shows on the viewer's list on replica B within 2 s, without a reload; a login closed
// on ENS behind the console's back shows on both within one fleet refresh period
// (CONSOLE_FLEET_REFRESH_MS, 2 s in scripts/e2e-server.sh), which one process lists for both.

test.skip(process.env.E2E_DB !== "postgres", "two replicas share one PostgreSQL (scripts/e2e-server.sh starts the second)");

const A = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
const B = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3210) + 1}`;
const REFRESH_MS = 2000;
const switchOf = (page: Page, id: string) => page.getByRole("switch", { name: `Login for ${id}` });

test("a toggle on one replica shows on the other within 2 s; a change made on ENS within one refresh period", async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  await expect(async () => expect((await request.get(`${B}/api/health`)).ok()).toBe(true)).toPass({ timeout: 60_000 });
  const operator = await browser.newContext({ storageState: storageFor("operator") });
  const viewer = await browser.newContext({ storageState: storageFor("viewer") });
  const op = await operator.newPage();
  const view = await viewer.newPage();
  await op.goto(`${A}/instances?login=closed&sort=id&dir=desc`);
  const sw = op.getByRole("switch").nth(12);
  await expect(sw).toHaveAttribute("aria-checked", "false");
  const id = (await sw.getAttribute("aria-label"))!.replace("Login for ", "");
  await op.goto(`${A}/instances?q=${encodeURIComponent(id)}`);
  await view.goto(`${B}/instances?q=${encodeURIComponent(id)}`);
  await expect(switchOf(view, id)).toHaveAttribute("aria-checked", "false");
  await expect(view.locator("html")).toHaveAttribute("data-live", "connected");
  await view.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  await switchOf(op, id).click();
  const dialog = op.getByRole("dialog", { name: `Open login on ${id}` });
  await dialog.getByLabel("Public key").selectOption({ label: "support-adb-key (g-support)" });
  await dialog.getByLabel("Reason").fill("E2E two replicas");
  await dialog.getByRole("button", { name: "Open login" }).click();
  await expect(switchOf(op, id)).toHaveAttribute("aria-checked", "true");
  const openedAt = Date.now();
  await expect(switchOf(view, id)).toHaveAttribute("aria-checked", "true", { timeout: 2000 });
  const toggleMs = Date.now() - openedAt;

  // Closed on ENS directly: no console operation, no announcement; only the fleet refresh sees it.
  const client = makeClient(new URL(EMULATOR).host, DEMO_ACCESS_KEY);
  await call(client, "ManageAICLogin", { InstanceId: id, ActionName: "close", KeyName: "support-adb-key" });
  const closedAt = Date.now();
  // One period for the listing to begin after the change, one for it to run and reach the browsers.
  await expect(switchOf(view, id)).toHaveAttribute("aria-checked", "false", { timeout: 2 * REFRESH_MS + 2000 });
  await expect(switchOf(op, id)).toHaveAttribute("aria-checked", "false", { timeout: 2000 });
  test.info().annotations.push({
    type: "two replicas",
    description: `toggle on A shown on B after ${toggleMs} ms; ENS-side close shown after ${Date.now() - closedAt} ms (refresh period ${REFRESH_MS} ms)`,
  });
  expect(await view.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await operator.close();
  await viewer.close();
});

import { expect, test, type Page } from "@playwright/test";
import { storageFor } from "./support";

// Live updates as two people see them: an operator and a viewer have the same list open in two
// browsers; the operator closes a login and the viewer's row follows within 2 s, without a reload.
// (Across two replicas on PostgreSQL: test/reliability/live-updates.test.ts.)

const switchOf = (page: Page, id: string) => page.getByRole("switch", { name: `Login for ${id}` });

test("a login opened and closed in one browser shows in another within 2 s each, without a reload", async ({ browser }) => {
  const operator = await browser.newContext({ storageState: storageFor("operator") });
  const viewer = await browser.newContext({ storageState: storageFor("viewer") });
  const op = await operator.newPage();
  const view = await viewer.newPage();
  // A closed instance of its own (login-expiry.spec takes the last few of the id order).
  await op.goto("/instances?login=closed&sort=id&dir=desc");
  const sw = op.getByRole("switch").nth(8);
  await expect(sw).toHaveAttribute("aria-checked", "false");
  const id = (await sw.getAttribute("aria-label"))!.replace("Login for ", "");
  await op.goto(`/instances?q=${encodeURIComponent(id)}`);
  await view.goto(`/instances?q=${encodeURIComponent(id)}`);
  await expect(switchOf(view, id)).toHaveAttribute("aria-checked", "false");
  await expect(view.locator("html")).toHaveAttribute("data-live", "connected");
  // A reload would drop this mark.
  await view.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  await switchOf(op, id).click();
  const dialog = op.getByRole("dialog", { name: `Open login on ${id}` });
  await dialog.getByLabel("Public key").selectOption({ label: "support-adb-key (g-support)" });
  await dialog.getByLabel("Reason").fill("E2E-LIVE two browsers");
  await dialog.getByRole("button", { name: "Open login" }).click();
  await expect(switchOf(op, id)).toHaveAttribute("aria-checked", "true");
  const openedAt = Date.now();
  await expect(switchOf(view, id)).toHaveAttribute("aria-checked", "true", { timeout: 2000 });
  await expect(
    view
      .getByRole("row")
      .filter({ has: switchOf(view, id) })
      .getByText(/^closes in /),
  ).toBeVisible();
  const openLatency = Date.now() - openedAt;

  await switchOf(op, id).click();
  await expect(switchOf(op, id)).toHaveAttribute("aria-checked", "false");
  const closedAt = Date.now();
  await expect(switchOf(view, id)).toHaveAttribute("aria-checked", "false", { timeout: 2000 });
  test.info().annotations.push({
    type: "live update",
    description: `open ${openLatency} ms, close ${Date.now() - closedAt} ms after the operator's switch settled`,
  });
  expect(await view.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await operator.close();
  await viewer.close();
});

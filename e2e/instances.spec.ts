import { expect, test, type Page } from "@playwright/test";
import { emulatorCalls, emulatorFaults, emulatorReset, shellReady, storageFor } from "./support";

const alerts = (page: Page) => page.getByTestId("error-toast");

async function firstClosedSwitch(page: Page) {
  await page.goto("/instances?login=closed");
  const sw = page.getByRole("switch").first();
  await expect(sw).toHaveAttribute("aria-checked", "false");
  const id = (await sw.getAttribute("aria-label"))!.replace("Login for ", "");
  return { sw, id };
}

test.describe("as operator", () => {
  test.use({ storageState: storageFor("operator") });
  test.beforeEach(async ({ request }) => emulatorReset(request));
  test.afterEach(async () => emulatorFaults({}));

  test("open with a key, see the state read back, then close", async ({ page }) => {
    const { id } = await firstClosedSwitch(page);
    await page.goto(`/instances/${id}`);
    const sw = page.getByRole("switch", { name: `Login for ${id}` });
    await sw.click();
    const dialog = page.getByRole("dialog", { name: `Open login on ${id}` });
    await dialog.getByLabel("Public key").selectOption({ label: "support-adb-key (g-support)" });
    // The duration stays at its default (the last one used, else 60 minutes); a reason is required.
    await dialog.getByLabel("Reason").fill("e2e: open and close");
    await dialog.getByRole("button", { name: "Open login" }).click();
    await expect(sw).toHaveAttribute("aria-checked", "true");
    await expect(page.getByRole("table", { name: "Deliveries" })).toContainText("support-adb-key");
    await expect(page.getByRole("region", { name: `History of ${id}` })).toContainText("login.open");

    await sw.click();
    await expect(sw).toHaveAttribute("aria-checked", "false");
    await expect(page.getByText("No key is delivered to this instance.")).toBeVisible();
  });

  test("an injected fault shows its code and the switch rolls back", async ({ page }) => {
    const { sw, id } = await firstClosedSwitch(page);
    await emulatorFaults({ errorRate: 1, errors: ["NoPermission"], actions: ["ManageAICLogin"] });
    await sw.click();
    await page.getByRole("dialog").getByLabel("Public key").selectOption({ index: 1 });
    await page.getByRole("dialog").getByLabel("Reason").fill("e2e: injected fault");
    await page.getByRole("dialog").getByRole("button", { name: "Open login" }).click();
    const toast = alerts(page).filter({ hasText: id });
    await expect(toast).toContainText("NoPermission");
    await expect(toast).toContainText("RequestId");
    await expect(page.getByRole("switch", { name: `Login for ${id}` })).toHaveAttribute("aria-checked", "false");
    await expect(page.getByRole("switch", { name: `Login for ${id}` })).toBeEnabled();
  });

  test("a change ENS made but could not read back never settles on an assumed state", async ({ page }) => {
    const { sw, id } = await firstClosedSwitch(page);
    const before = await emulatorCalls();
    await emulatorFaults({ errorRate: 1, errors: ["InternalError"], actions: ["ListAICPublicKeyDeliveries"], instanceIds: [id] });
    await sw.click();
    await page.getByRole("dialog").getByLabel("Public key").selectOption({ index: 1 });
    await page.getByRole("dialog").getByLabel("Reason").fill("e2e: read-back fails");
    await page.getByRole("dialog").getByRole("button", { name: "Open login" }).click();
    await expect(alerts(page).filter({ hasText: id })).toContainText("Console.ReadBackFailed");
    // The switch shows no assumed state: the list reads the fleet again, which says login is now
    // open, so the instance leaves this "closed" view.
    await expect(page.getByRole("switch", { name: `Login for ${id}` })).toHaveCount(0);
    const after = await emulatorCalls();
    expect((after.byAction.ManageAICLogin?.received ?? 0) - (before.byAction.ManageAICLogin?.received ?? 0)).toBe(1);
    await emulatorFaults({});
    await page.goto(`/instances/${id}`);
    await expect(page.getByRole("switch", { name: `Login for ${id}` })).toHaveAttribute("aria-checked", "true");
  });

  test("a double click sends one call", async ({ page }) => {
    await page.goto("/instances?login=open");
    const id = (await page.getByRole("switch").first().getAttribute("aria-label"))!.replace("Login for ", "");
    await page.goto(`/instances/${id}`);
    const sw = page.getByRole("switch", { name: `Login for ${id}` });
    await expect(sw).toHaveAttribute("aria-checked", "true");
    const before = await emulatorCalls();
    await sw.dblclick();
    await expect(sw).toHaveAttribute("aria-checked", "false");
    // The optimistic state shows at once; wait for the read-back before counting calls.
    await expect(sw).not.toHaveAttribute("aria-busy", "true");
    await expect(sw).toBeEnabled();
    // Busy, the switch stayed focusable: keyboard users keep their place.
    await expect(sw).toBeFocused();
    const after = await emulatorCalls();
    expect((after.byAction.ManageAICLogin?.received ?? 0) - (before.byAction.ManageAICLogin?.received ?? 0)).toBe(1);
  });

  test("URL filters reproduce a view, and search does not stack history entries", async ({ page }) => {
    await page.goto("/instances");
    // A choice made before hydration changes the DOM but not the URL (seen once in CI: the node was lost).
    await shellReady(page);
    const node = await page.getByLabel("ENS node").locator("option").nth(1).textContent();
    await page.getByLabel("ENS node").selectOption(node!);
    await page.getByLabel("Login", { exact: true }).selectOption("closed");
    await page.getByRole("searchbox", { name: "Search instances" }).pressSequentially("aic-", { delay: 30 });
    await expect(page).toHaveURL(/q=aic-.*|node=.*login=closed/);
    await expect(page).toHaveURL(/node=/);
    // beforeEach reset the emulator; let the console's 1 s fleet cache expire so both pages read the same data.
    await page.waitForTimeout(1100);
    await page.reload();
    const count = await page.getByText(/ of \d+ instances/).textContent();
    const url = page.url();
    const other = await page.context().newPage();
    await other.goto(url);
    await expect(other.getByText(/ of \d+ instances/)).toHaveText(count!);
    await expect(other.getByLabel("ENS node")).toHaveValue(node!);
    await page.goBack();
    await expect(page).not.toHaveURL(/q=aic/);
  });

  test("the search box follows the URL when it changes from elsewhere", async ({ page }) => {
    await page.goto("/instances");
    await shellReady(page);
    const box = page.getByRole("searchbox", { name: "Search instances" });
    await box.fill("aic-02irvmc5inu2");
    await expect(page).toHaveURL(/q=aic-02irvmc5inu2/);
    // The nav link lands on /instances with no search: the box and the list must say so too.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Instances" }).click();
    await expect(page).not.toHaveURL(/q=/);
    await expect(box).toHaveValue("");
    await page.goBack();
    await expect(box).toHaveValue("aic-02irvmc5inu2");
  });

  test("a failed toggle rolls back its own row only, never another one's change in flight", async ({ page }) => {
    await page.goto("/instances?sort=id");
    const open = page.getByRole("switch", { checked: true });
    const [a, b] = [
      (await open.nth(0).getAttribute("aria-label"))!.replace("Login for ", ""),
      (await open.nth(1).getAttribute("aria-label"))!.replace("Login for ", ""),
    ];
    await emulatorFaults({ errorRate: 1, errors: ["NoPermission"], actions: ["ManageAICLogin"], instanceIds: [a] });
    // Both calls are held at the browser's edge, so A fails while B is still in flight.
    const gates = new Map<string, () => void>();
    const held = new Map([a, b].map((id) => [id, new Promise<void>((r) => gates.set(id, r))]));
    await page.route("**/instances?sort=id", async (route) => {
      const body = route.request().method() === "POST" ? (route.request().postData() ?? "") : "";
      const id = [a, b].find((x) => body.includes(x));
      if (id) await held.get(id);
      await route.continue();
    });
    const swA = page.getByRole("switch", { name: `Login for ${a}` });
    const swB = page.getByRole("switch", { name: `Login for ${b}` });
    await swA.click();
    await swB.click();
    await expect(swB).toHaveAttribute("aria-checked", "false");
    gates.get(a)!();
    await expect(alerts(page).filter({ hasText: a })).toContainText("NoPermission");
    await expect(swA).toHaveAttribute("aria-checked", "true");
    // B's change is still on its way: A's rollback must not put B's old state back.
    await expect(swB).toHaveAttribute("aria-checked", "false");
    await expect(swB).toHaveAttribute("aria-busy", "true");
    gates.get(b)!();
    await expect(swB).not.toHaveAttribute("aria-busy", "true");
    await expect(swB).toHaveAttribute("aria-checked", "false");
  });

  test("Tab stays inside the open-login dialog", async ({ page }) => {
    const { sw, id } = await firstClosedSwitch(page);
    await sw.click();
    const dialog = page.getByRole("dialog", { name: `Open login on ${id}` });
    await expect(dialog).toBeVisible();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press(i % 3 === 2 ? "Shift+Tab" : "Tab");
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
  });

  test("README screenshots of the instances list and an instance page", async ({ page }) => {
    test.skip(!!process.env.E2E_SKIP_SCREENSHOTS, "screenshots are taken on the PGlite run only");
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/instances");
    await expect(page.getByRole("switch").first()).toBeVisible();
    await page.screenshot({ path: "docs/screenshots/instances.png" });
    const id = (await page.getByRole("switch").first().getAttribute("aria-label"))!.replace("Login for ", "");
    await page.goto(`/instances/${id}`);
    await expect(page.getByRole("heading", { level: 1, name: id })).toBeVisible();
    await page.screenshot({ path: "docs/screenshots/instance.png", fullPage: true });
  });

  test("README screenshot of the instances list in Chinese", async ({ browser }) => {
    test.skip(!!process.env.E2E_SKIP_SCREENSHOTS, "screenshots are taken on the PGlite run only");
    const zh = await browser.newContext({ locale: "zh-CN", storageState: storageFor("operator"), viewport: { width: 1440, height: 900 } });
    const page = await zh.newPage();
    await page.goto("/instances");
    await expect(page.getByRole("switch", { name: / 的登录$/ }).first()).toBeVisible();
    await page.screenshot({ path: "docs/screenshots/instances.zh-CN.png" });
    await zh.close();
  });

  test("the scroll position lives in the URL", async ({ page }) => {
    await page.goto("/instances?sort=id");
    await page.getByTestId("instances-scroll").evaluate((el) => (el.scrollTop = 44 * 60));
    await expect(page).toHaveURL(/at=60/);
    const other = await page.context().newPage();
    await other.goto(page.url());
    await expect(other.locator('tr[aria-rowindex="62"]')).toBeInViewport();
    await expect(other.locator('tr[aria-rowindex="2"]')).toHaveCount(0);
  });

  test("/ focuses the search box", async ({ page }) => {
    await page.goto("/instances");
    // The shortcut listener exists once the page has hydrated; a key pressed before that is lost.
    await shellReady(page);
    await page.locator("body").press("/");
    await expect(page.getByRole("searchbox", { name: "Search instances" })).toBeFocused();
  });
});

test.describe("as viewer", () => {
  test.use({ storageState: storageFor("viewer") });

  test("the switch is disabled, with the reason", async ({ page }) => {
    await page.goto("/instances");
    const sw = page.getByRole("switch").first();
    await expect(sw).toBeDisabled();
    await expect(sw).toHaveAttribute("title", /only operators and admins/);
  });
});

test("a cold deep link to an instance works after login, and unknown ids are 404", async ({ page }) => {
  await page.goto("/instances");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill("viewer@e2e.test");
  await page.getByLabel("Password").fill("e2e-password-viewer");
  await page.getByRole("button", { name: "Sign in" }).click();
  const link = page.getByRole("link", { name: /^aic-/ }).first();
  const id = await link.textContent();
  await page.getByRole("button", { name: /viewer@e2e\.test/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`/instances/${id}`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel("Email").fill("viewer@e2e.test");
  await page.getByLabel("Password").fill("e2e-password-viewer");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: id! })).toBeVisible();
  const res = await page.goto("/instances/aic-does-not-exist-0");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

import { expect, test, type Page } from "@playwright/test";
import { EMULATOR, emulatorCalls, emulatorFaults, shellReady, storageFor, toasts } from "./support";

const IMG = "m-1f2561e52a9e0854487599d9408c519";
const A = "1234567890123456";
const B = "6543210987654321";
const shots = !process.env.E2E_SKIP_SCREENSHOTS;

const chipsInput = (page: Page) => page.getByLabel("User IDs");
const recipients = (page: Page) => page.getByRole("list", { name: "Recipients" }).getByRole("listitem");
const shareButton = (page: Page) => page.getByRole("button", { name: "Share", exact: true });

async function paste(page: Page, text: string) {
  // A paste before hydration lands as plain text in the input, with no handler to make chips.
  await shellReady(page);
  await chipsInput(page).focus();
  await page.evaluate((t) => {
    const el = document.activeElement as HTMLInputElement;
    const data = new DataTransfer();
    data.setData("text/plain", t);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

const shareCalls = async () => (await emulatorCalls()).byAction.ShareAICImage?.received ?? 0;

async function confirmShare(page: Page, count: number) {
  await shareButton(page).click();
  const dialog = page.getByRole("dialog", { name: `Share image ${IMG}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: `Share with ${count} ${count === 1 ? "account" : "accounts"}` }).click();
  await expect(dialog).toBeHidden();
}

test.describe("as operator", () => {
  test.use({ storageState: storageFor("operator") });

  test("image list: columns, inert description, filters in the URL, link to share", async ({ page }) => {
    await page.goto("/images");
    await expect(page.getByRole("heading", { name: "Images" })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "Android" })).toBeVisible();
    // The description holding <script> is shown as text, never run.
    await expect(page.getByRole("cell", { name: /<script>alert\(1\)<\/script>/ })).toBeVisible();
    await page.getByLabel("Status").selectOption("verifying");
    await expect(page).toHaveURL(/status=verifying/);
    await expect(page.getByRole("link", { name: "m-9fb45142bd158cf5af62f66f17813fb", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: IMG, exact: true })).toHaveCount(0);
    await page.getByLabel("Status").selectOption("");
    await page.getByLabel("Type").selectOption("public");
    await expect(page).toHaveURL(/type=public/);
    await page.keyboard.press("Escape");
    await page.locator("body").click();
    await page.keyboard.press("/");
    await expect(page.getByRole("searchbox", { name: "Search by image id" })).toBeFocused();
    await page.keyboard.type("1f2561");
    await expect(page).toHaveURL(/q=1f2561/);
    await expect(page.getByRole("link", { name: IMG, exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "m-589a85935369279acd9f7370c349b84", exact: true })).toHaveCount(0);
    await page.goto("/images");
    if (shots) await page.screenshot({ path: "docs/screenshots/images.png", fullPage: true });
    await page.getByRole("link", { name: IMG, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/images/${IMG}/share$`));
    await expect(page.getByRole("note").filter({ hasText: "Sharing cannot be revoked from here." })).toBeVisible();
  });

  test("unknown image id is a 404", async ({ page }) => {
    await page.goto("/images/m-0000000000000000000000000000000/share");
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    // A malformed escape is the client's mistake, not a server error.
    const bad = await page.request.get("/images/m-%zz/share");
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toContain("malformed %-escape");
  });

  test("pasted list: valid, invalid and duplicate chips; submit blocked until fixed", async ({ page }) => {
    await page.goto(`/images/${IMG}/share`);
    await paste(page, `${A}, 12345, ${A}\n${B}`);
    await expect(recipients(page)).toHaveCount(3);
    await expect(page.getByText("3 user IDs")).toBeVisible();
    await expect(recipients(page).and(page.locator("[aria-invalid=true]"))).toHaveCount(1);
    await expect(recipients(page).filter({ hasText: "12345" }).filter({ hasNotText: A })).toContainText("exactly 16 digits");
    await expect(page.getByRole("status").filter({ hasText: `1 duplicate was merged: ${A}` })).toBeVisible();
    await expect(shareButton(page)).toBeDisabled();
    await expect(page.getByText("Fix or remove the invalid user ID before sharing.")).toBeVisible();

    // An invalid chip goes back into the input to be fixed in place.
    await page.getByRole("button", { name: "Edit 12345", exact: true }).click();
    await expect(chipsInput(page)).toHaveValue("12345");
    await expect(chipsInput(page)).toBeFocused();
    await expect(recipients(page)).toHaveCount(2);
    await chipsInput(page).press("End");
    await chipsInput(page).pressSequentially("00000000000");
    await chipsInput(page).press("Enter");
    await expect(recipients(page)).toHaveCount(3);
    await expect(recipients(page).and(page.locator("[aria-invalid=true]"))).toHaveCount(0);
    await expect(shareButton(page)).toBeEnabled();

    await page.getByRole("button", { name: "Remove 1234500000000000", exact: true }).click();
    await expect(recipients(page)).toHaveCount(2);
    await expect(shareButton(page)).toBeEnabled();

    // Typing: space and Enter make chips; Backspace on an empty input removes the last one.
    await chipsInput(page).pressSequentially("1111222233334444 ");
    await chipsInput(page).pressSequentially("5555666677778888");
    await chipsInput(page).press("Enter");
    await expect(page.getByText("4 user IDs")).toBeVisible();
    await chipsInput(page).press("Backspace");
    await expect(page.getByText("3 user IDs")).toBeVisible();
    await expect(page.getByRole("button", { name: "Remove 5555666677778888" })).toHaveCount(0);
  });

  test("a share succeeds with a toast and a history row naming the recipients", async ({ page }) => {
    await page.goto(`/images/${IMG}/share`);
    const before = await shareCalls();
    await paste(page, `${A}\n${B}`);
    await confirmShare(page, 2);
    await expect(toasts(page).getByRole("status").filter({ hasText: "Image shared" })).toBeVisible();
    expect(await shareCalls()).toBe(before + 1);
    const history = page.getByRole("table", { name: "Share history" });
    const row = history
      .getByRole("row")
      .filter({ hasText: `${A}, ${B}` })
      .first();
    await expect(row).toContainText("operator@e2e.test");
    await expect(row).toContainText("success");
    const state = (await (await fetch(`${EMULATOR}/__emulator/state`)).json()) as { shares: Record<string, string[]> };
    expect(state.shares[IMG]).toEqual(expect.arrayContaining([A, B]));
    if (shots) await page.screenshot({ path: "docs/screenshots/share.png", fullPage: true });
  });

  test("NoPermission from ENS gives an error toast with that code", async ({ page }) => {
    await page.goto(`/images/${IMG}/share`);
    await emulatorFaults({ errorRate: 1, errors: ["NoPermission"], actions: ["ShareAICImage"] });
    try {
      await paste(page, A);
      await confirmShare(page, 1);
      const alert = toasts(page).getByRole("alert");
      await expect(alert).toContainText("Sharing failed");
      await expect(alert).toContainText("NoPermission");
      await expect(alert.getByRole("button", { name: "Copy RequestId" })).toBeVisible();
      await expect(page.getByRole("row").filter({ hasText: "NoPermission" }).first()).toContainText("failure");
    } finally {
      await emulatorFaults({});
    }
    // The history keeps each batch's outcome and RequestId.
    await page.goto(`/history?action=image.share&outcome=failure&target=${IMG}`);
    await page
      .getByRole("button", { name: /^Details of/ })
      .first()
      .click();
    const result = page.getByRole("region", { name: "Result" });
    await expect(result).toContainText('"code": "NoPermission"');
    await expect(result).toContainText(A);
    await expect(result).toContainText(/"requestId": "[0-9A-F-]{36}"/);
  });

  test("23 recipients make 3 upstream calls and a per-batch result", async ({ page }) => {
    await page.goto(`/images/${IMG}/share`);
    const uids = Array.from({ length: 23 }, (_, i) => String(2_000_000_000_000_000 + i));
    await paste(page, uids.join("\n"));
    await expect(page.getByText("23 user IDs")).toBeVisible();
    const before = await shareCalls();
    await confirmShare(page, 23);
    await expect(toasts(page).getByRole("status").filter({ hasText: "Image shared" })).toBeVisible();
    expect(await shareCalls()).toBe(before + 3);
    const batches = page.getByRole("list", { name: "Batches" }).getByRole("listitem");
    await expect(batches).toHaveCount(3);
    await expect(batches.nth(0)).toContainText("Batch 1 of 3: shared (10 user IDs)");
    await expect(batches.nth(2)).toContainText("Batch 3 of 3: shared (3 user IDs)");
  });
});

test.describe("as viewer", () => {
  test.use({ storageState: storageFor("viewer") });

  test("a viewer cannot share: the form is disabled with the reason", async ({ page }) => {
    const before = await shareCalls();
    await page.goto(`/images/${IMG}/share`);
    await expect(page.getByText("Your role (viewer) cannot do this; only operators and admins can.").first()).toBeVisible();
    await expect(chipsInput(page)).toBeDisabled();
    await expect(shareButton(page)).toBeDisabled();
    expect(await shareCalls()).toBe(before);
  });
});

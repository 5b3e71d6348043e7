import { expect, test } from "@playwright/test";
import { emulatorCalls, emulatorReset, shellReady, storageFor } from "./support";

test.describe("as operator", () => {
  test.use({ storageState: storageFor("operator") });
  test.beforeEach(async () => emulatorReset());

  test("a short key name is refused with a clear error and no upstream call", async ({ page }) => {
    await page.goto("/keys");
    await shellReady(page);
    const form = page.getByRole("form", { name: "Upload a key" });
    await form.getByLabel(/Key name/).fill("short");
    await form.getByLabel("Public key").fill("ssh-rsa AAAA test");
    await form.evaluate((f: HTMLFormElement) => f.setAttribute("novalidate", ""));
    const before = (await emulatorCalls()).byAction.UploadAICPublicKey?.received ?? 0;
    await form.getByRole("button", { name: "Upload key" }).click();
    await expect(page.getByTestId("error-toast")).toContainText("Console.InvalidInput");
    await expect(form.getByText("At least 8 characters.")).toBeVisible();
    expect((await emulatorCalls()).byAction.UploadAICPublicKey?.received ?? 0).toBe(before);
  });

  test("upload, then delete a key; a delivered key explains why it cannot go", async ({ page }) => {
    await page.goto("/keys");
    await shellReady(page);
    const form = page.getByRole("form", { name: "Upload a key" });
    await form.getByLabel(/Key name/).fill("e2e-uploaded-key");
    await form.getByLabel("Public key").fill("ssh-rsa AAAAB3NzaC1yc2E e2e");
    await form.getByRole("button", { name: "Upload key" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Uploaded e2e-uploaded-key" })).toBeVisible();
    const table = page.getByRole("table", { name: "Keys" });
    await expect(table).toContainText("e2e-uploaded-key");

    await table.getByRole("button", { name: "Delete e2e-uploaded-key" }).click();
    await page
      .getByRole("dialog", { name: /Delete key/ })
      .getByRole("button", { name: "Delete" })
      .click();
    await expect(table).not.toContainText("e2e-uploaded-key");

    await table.getByRole("button", { name: "Delete support-adb-key", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: /Delete key support-adb-key/ });
    await expect(dialog).toContainText("still delivered");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByTestId("error-toast")).toContainText("Console.KeyInUse");
    await expect(table).toContainText("support-adb-key");
  });
});

test.describe("as viewer", () => {
  test.use({ storageState: storageFor("viewer") });
  test("keys are listed but cannot be managed", async ({ page }) => {
    await page.goto("/keys");
    await expect(page.getByRole("table", { name: "Keys" })).toContainText("support-adb-key");
    await expect(page.getByRole("button", { name: "Upload key" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Delete support-adb-key", exact: true })).toBeDisabled();
  });
});

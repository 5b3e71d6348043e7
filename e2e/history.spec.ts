import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { failSignIn, shellReady, storageFor } from "./support";

const table = (page: Page) => page.getByRole("table", { name: "Operations, newest first" });
const bodyRows = (page: Page) =>
  table(page)
    .locator("tbody > tr")
    .filter({ has: page.getByRole("button", { name: /^Details of/ }) });

test.describe("history", () => {
  test("a failed sign-in appears with its outcome and code", async ({ browser }) => {
    const email = `nobody-${Date.now()}@e2e.test`;
    await failSignIn(browser, email);

    const auditor = await browser.newContext({ storageState: storageFor("auditor") });
    const view = await auditor.newPage();
    await view.goto(`/history?action=auth.sign_in&outcome=failure&q=${encodeURIComponent(email)}`);
    const row = bodyRows(view).filter({ hasText: email });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("failure");
    await expect(row).toContainText("Console.InvalidCredentials");
    await auditor.close();
  });

  test("a viewer sees history, cannot export, and the denied export is audited", async ({ browser }) => {
    const viewer = await browser.newContext({ storageState: storageFor("viewer") });
    const page = await viewer.newPage();
    await page.goto("/history");
    await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
    await expect(table(page)).toBeVisible();
    await expect(page.getByRole("link", { name: /Export/ })).toHaveCount(0);
    const res = await page.request.get("/api/history/export?format=csv&action=key.delete");
    expect(res.status()).toBe(403);
    expect((await res.json()).error.code).toBe("Console.Forbidden");
    await viewer.close();

    const auditor = await browser.newContext({ storageState: storageFor("auditor") });
    const view = await auditor.newPage();
    await view.goto("/history?actor=viewer%40e2e.test&action=history.export&outcome=denied");
    const row = bodyRows(view).first();
    await expect(row).toContainText("denied");
    await expect(row).toContainText("Console.Forbidden");
    await row.getByRole("button", { name: /^Details of/ }).click();
    const params = view.getByRole("region", { name: "Params" });
    // A refused call keeps the shape of its input and a SHA-256, never the values.
    await expect(params).toContainText('"action": "string(10)"');
    await expect(params).toContainText('"sha256"');
    await expect(params).not.toContainText("key.delete");
    await expect(view.getByRole("region", { name: "Completed event" })).toContainText('"outcome": "denied"');
    await auditor.close();
  });

  test.describe("as auditor", () => {
    test.use({ storageState: storageFor("auditor") });

    test("URL filters reproduce a view", async ({ page, browser }) => {
      await page.goto("/history");
      await shellReady(page);
      await page.getByLabel("Action").selectOption("auth.sign_in");
      await page.getByLabel("Outcome").selectOption("success");
      await page.getByLabel("Date range").selectOption("24h");
      await page.getByRole("button", { name: "Apply filters" }).click();
      await expect(page).toHaveURL(/\/history\?action=auth.sign_in&outcome=success&range=24h$/);
      await expect(bodyRows(page).first()).toBeVisible();
      const texts = await bodyRows(page).allInnerTexts();
      expect(texts.length).toBeGreaterThanOrEqual(4);
      expect(texts.every((t) => t.includes("auth.sign_in") && t.includes("success"))).toBe(true);

      const other = await browser.newContext({ storageState: storageFor("auditor") });
      const copy = await other.newPage();
      await copy.goto(page.url());
      await expect(copy.getByLabel("Action")).toHaveValue("auth.sign_in");
      await expect(copy.getByLabel("Outcome")).toHaveValue("success");
      expect(await bodyRows(copy).allInnerTexts()).toEqual(texts);
      await other.close();

      // Clear and Back move the inputs with the URL, so the next Apply sends what is on screen.
      await page.getByRole("button", { name: "Clear" }).click();
      await expect(page).toHaveURL(/\/history$/);
      await expect(page.getByLabel("Action")).toHaveValue("");
      await page.goBack();
      await expect(page.getByLabel("Action")).toHaveValue("auth.sign_in");
    });

    test("users made by the CLI before start-up are in the history, actor and all", async ({ page }) => {
      await page.goto("/history?action=user.create&target=temp%40e2e.test");
      const row = bodyRows(page);
      await expect(row).toHaveCount(1);
      await expect(row).toContainText("success");
      await expect(row).toContainText("cli");
      await expect(row).toContainText("role=viewer");
    });

    test("a CSV export downloads exactly the filtered rows", async ({ page }) => {
      await page.goto("/history?action=auth.sign_in");
      await expect(bodyRows(page).first()).toBeVisible();
      const shown = await bodyRows(page).count();
      const times = await table(page)
        .locator("tbody time")
        .evaluateAll((els) => els.map((e) => e.getAttribute("datetime")));
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
      expect(download.suggestedFilename()).toMatch(/^aic-history-.*\.csv$/);
      const csv = fs.readFileSync(await download.path(), "utf8");
      const [header, ...data] = parseCsv(csv);
      expect(header.slice(0, 3)).toEqual(["operation_id", "at", "actor_email"]);
      expect(data).toHaveLength(shown);
      expect(data.every((cells) => cells[4] === "auth.sign_in")).toBe(true);
      expect(data.map((cells) => cells[1])).toEqual(times);

      // The export is itself audited, with the filter used.
      await page.goto("/history?action=history.export&actor=auditor%40e2e.test");
      const row = bodyRows(page).first();
      await expect(row).toContainText("success");
      await expect(row).toContainText("format=csv");
    });

    test("chain status and page screenshot", async ({ page }) => {
      await page.goto("/history");
      const status = page.getByRole("status", { name: "Audit chain status" });
      await expect(status).toContainText(/Chain intact: [\d,]+ events/);
      await page.getByRole("button", { name: "Verify chain" }).click();
      await expect(status).toContainText(/Chain intact/);
      await page.getByRole("searchbox", { name: "Search" }).focus();
      await expect(page.getByRole("searchbox", { name: "Search" })).toBeFocused();
      if (!process.env.E2E_SKIP_SCREENSHOTS) {
        await page.setViewportSize({ width: 1440, height: 900 });
        await page.screenshot({ path: "docs/screenshots/history.png" });
      }
    });
  });
});

/** RFC 4180: every cell is quoted in the export, quotes doubled inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

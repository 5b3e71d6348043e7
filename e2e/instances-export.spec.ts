import { expect, test } from "@playwright/test";
import { storageFor } from "./support";

// Tags and the instance export, as a viewer uses them: a tag on the instance page filters the
// list; the export of that view holds exactly the rows the list shows, and is in the history.

test.use({ storageState: storageFor("viewer") });

test("a server tag filters the list, and the view's CSV and JSON Lines exports hold exactly its rows", async ({ page }) => {
  await page.goto("/instances?sort=id");
  const first = page.getByRole("link", { name: /^aic-/ }).first();
  const id = (await first.textContent())!.trim();
  await page.goto(`/instances/${id}`);
  const tag = page.getByRole("listitem").getByRole("link", { name: /=/ }).first();
  const tagText = (await tag.textContent())!.trim();
  await tag.click();
  await expect(page).toHaveURL(new RegExp(`/instances\\?tag=${encodeURIComponent(tagText).replace(/%3D/g, "(=|%3D)")}`));
  await expect(page.getByLabel("Tag")).toHaveValue(tagText);
  const count = Number((await page.getByText(/ of \d+ instances/).textContent())!.split(" of ")[0].replace(/,/g, ""));
  expect(count).toBeGreaterThan(0);

  const csvLink = page.getByRole("link", { name: "Export CSV" });
  const csv = await page.request.get((await csvLink.getAttribute("href"))!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-disposition"]).toMatch(/attachment; filename="aic-instances-.*\.csv"/);
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toContain('"instance_id"');
  expect(lines).toHaveLength(count + 1);
  expect(lines.slice(1).every((l) => l.includes(tagText))).toBe(true);

  const jsonl = await page.request.get((await page.getByRole("link", { name: "Export JSON Lines" }).getAttribute("href"))!);
  const rows = (await jsonl.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { instance_id: string; tags: string });
  expect(rows).toHaveLength(count);
  expect(rows.every((r) => r.tags.split(";").includes(tagText))).toBe(true);

  // Audited like the history export: the view and the row count.
  await page.goto("/history?action=instances.export");
  const audited = page.getByRole("row").filter({ hasText: "instances.export" });
  await expect(audited.filter({ hasText: "format=csv" }).first()).toContainText("success");
  await expect(audited.filter({ hasText: "format=jsonl" }).first()).toContainText("tag=");
});

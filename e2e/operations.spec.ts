import { expect, test, type Page } from "@playwright/test";
import { EMULATOR, emulatorFaults, emulatorReset, storageFor } from "./support";

const UUID = /\/operations\/([0-9a-f-]{36})$/;

async function appliedReboots(): Promise<Record<string, number>> {
  const calls = (await (await fetch(`${EMULATOR}/__emulator/calls`)).json()) as {
    appliedByInstance: Record<string, Record<string, number>>;
  };
  return calls.appliedByInstance.RebootAICInstance ?? {};
}

/** Instance ids of the first `servers` servers, in id order, read through the console's own API. */
async function fleetByServer(page: Page, servers: number) {
  const fleet = (await (await page.request.get("/api/fleet")).json()) as { rows: { id: string; serverId: string }[] };
  const chosen = [...new Set(fleet.rows.map((r) => r.serverId))].sort().slice(0, servers);
  const ids = fleet.rows
    .filter((r) => chosen.includes(r.serverId))
    .map((r) => r.id)
    .sort();
  return { servers: chosen, ids };
}

test.describe("operations, as operator", () => {
  test.use({ storageState: storageFor("operator") });
  test.beforeEach(async ({ request }) => emulatorReset(request));
  test.afterEach(async () => emulatorFaults({}));

  test("a bulk close of 50 with 5 injected failures runs on the server: the tab closed after it starts, a new tab sees 45 ok and 5 failed with their code", async ({
    page,
    context,
  }) => {
    test.slow();
    const { servers, ids } = await fleetByServer(page, 7); // 7 servers × 8 = 56 instances
    await page.goto(`/instances?${servers.map((s) => `server=${s}`).join("&")}`);
    await page.getByRole("button", { name: `Select all ${ids.length} matching` }).click();
    // Leave six out by hand: the selection then goes as ids, not as the filter.
    for (const id of ids.slice(0, 6)) await page.getByRole("checkbox", { name: `Select ${id}` }).uncheck();
    const chosen = ids.slice(6);
    expect(chosen).toHaveLength(50);
    const failing = chosen.slice(10, 15);
    await emulatorFaults({ latencyMs: 200, errorRate: 1, errors: ["NoPermission"], actions: ["ManageAICLogin"], instanceIds: failing });
    await page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Close login…" }).click();
    await page.getByRole("dialog", { name: "Close login on 50 instances" }).getByRole("button", { name: "Close login on 50" }).click();
    await expect(page).toHaveURL(UUID);
    const operationId = UUID.exec(page.url())![1];
    await page.close();

    const other = await context.newPage();
    await other.goto(`/operations/${operationId}`);
    await expect(other.getByRole("status").filter({ hasText: /ok, \d+ failed|of 50 done/ })).toHaveText("45 ok, 5 failed", {
      timeout: 60_000,
    });
    await expect(other.getByRole("progressbar", { name: "Bulk progress" })).toHaveAttribute("aria-valuenow", "50");
    if (!process.env.E2E_SKIP_SCREENSHOTS) await other.screenshot({ path: "docs/screenshots/operation.png", fullPage: true });
    await other.goto(`/operations/${operationId}?items=failed`);
    const rows = other.getByRole("table").getByRole("row").filter({ hasText: "NoPermission" });
    await expect(rows).toHaveCount(5);
    for (const id of failing) await expect(other.getByRole("table")).toContainText(id);

    await other.goto("/operations");
    await expect(other.getByRole("link", { name: /Close login/ }).first()).toBeVisible();
  });

  test("reboot from the instance page asks for confirmation, runs on the engine and is in the history; reset needs the id typed", async ({
    page,
  }) => {
    const { ids } = await fleetByServer(page, 1);
    const id = ids[0];
    await page.goto(`/instances/${id}`);
    await page.getByRole("button", { name: "Reboot", exact: true }).click();
    await page.getByRole("dialog", { name: "Reboot 1 instance" }).getByRole("button", { name: "Reboot 1" }).click();
    await expect(page).toHaveURL(UUID);
    await expect(page.getByRole("status").filter({ hasText: /ok, \d+ failed|of 1 done/ })).toHaveText("1 ok, 0 failed", {
      timeout: 30_000,
    });
    expect((await appliedReboots())[id]).toBe(1);

    await page.goto(`/history?action=instance.reboot`);
    await expect(page.getByRole("main")).toContainText(id);

    await page.goto(`/instances/${id}`);
    await page.getByRole("button", { name: "Reset", exact: true }).click();
    const reset = page.getByRole("dialog", { name: "Reset 1 instance" });
    await expect(reset).toContainText("erased");
    const confirm = reset.getByRole("button", { name: "Reset 1" });
    await expect(confirm).toBeDisabled();
    await reset.getByLabel(`Type ${id} to confirm`).fill("aic-wrong");
    await expect(confirm).toBeDisabled();
    await reset.getByLabel(`Type ${id} to confirm`).fill(id);
    await confirm.click();
    await expect(page).toHaveURL(UUID);
    await expect(page.getByRole("status").filter({ hasText: /ok, \d+ failed|of 1 done/ })).toHaveText("1 ok, 0 failed", {
      timeout: 30_000,
    });
  });
});

test.describe("operations, attacked over HTTP", () => {
  test.use({ storageState: storageFor("operator") });
  test.beforeEach(async ({ request }) => emulatorReset(request));

  test("a replayed reboot turned into an unconfirmed reset, or sent by a viewer, is refused and reaches no ENS", async ({
    page,
    browser,
  }) => {
    const { ids } = await fleetByServer(page, 2);
    const id = ids[9];
    await page.goto(`/instances/${id}`);
    const captured = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
    await page.getByRole("button", { name: "Reboot", exact: true }).click();
    await page.getByRole("dialog", { name: "Reboot 1 instance" }).getByRole("button", { name: "Reboot 1" }).click();
    const req = await captured;
    await expect(page).toHaveURL(UUID);
    const headers = await req.allHeaders();
    const body = req.postData() ?? "";
    expect(body).toContain('"reboot"');
    const replay = (request: typeof page.request, data: string) =>
      request.post(req.url(), {
        headers: {
          "next-action": headers["next-action"],
          "content-type": headers["content-type"],
          accept: "text/x-component",
          origin: headers["origin"],
        },
        data,
        maxRedirects: 0,
      });

    const reset = await replay(page.request, body.replace('"reboot"', '"reset"'));
    expect(await reset.text()).toContain("Console.InvalidInput");
    const many = await replay(page.request, body.replace(`"${id}"`, ids.map((i) => `"${i}"`).join(",")).replace('"reboot"', '"reset"'));
    expect(await many.text()).toContain("Console.InvalidInput");
    const viewer = await browser.newContext({ storageState: storageFor("viewer") });
    const denied = await replay(viewer.request, body);
    expect(await denied.text()).toContain("Console.Forbidden");
    await viewer.close();

    const calls = (await (await fetch(`${EMULATOR}/__emulator/calls`)).json()) as {
      byAction: Record<string, { received: number }>;
      appliedByInstance: Record<string, Record<string, number>>;
    };
    expect(calls.byAction.ResetAICInstance?.received ?? 0).toBe(0);
    expect(calls.appliedByInstance.RebootAICInstance).toEqual({ [id]: 1 });
  });
});

test.describe("operations, as viewer", () => {
  test.use({ storageState: storageFor("viewer") });

  test("a viewer sees operations but cannot start a reboot: the control is disabled and the action refused", async ({ page }) => {
    await page.goto("/operations");
    await expect(page.getByRole("heading", { name: "Operations" })).toBeVisible();
    const fleet = (await (await page.request.get("/api/fleet")).json()) as { rows: { id: string }[] };
    await page.goto(`/instances/${fleet.rows[0].id}`);
    await expect(page.getByRole("button", { name: "Reboot", exact: true })).toBeDisabled();
  });
});

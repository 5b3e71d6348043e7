import { expect, test, type Browser, type Page, type Request } from "@playwright/test";
import { emulatorCalls, shellReady, storageFor, toasts, type Role } from "./support";

// Access on request, tried over HTTP as an attacker would (issue 29): a server action captured
// from one person's browser and sent again, word for word, with another person's session. A
// requester replaying an operator's direct open, and an operator approving their own request, are
// refused on the server with nothing sent to ENS, and both refusals are in the History.

const KEY = "support-adb-key (g-support)";
const ORIGIN = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

async function as(browser: Browser, role: Role) {
  const context = await browser.newContext({ storageState: storageFor(role) });
  return { context, page: await context.newPage() };
}

/** The `n`th closed instance, newest id first (other specs take a few of the first ones). */
async function closedInstance(page: Page, n: number): Promise<string> {
  await page.goto("/instances?login=closed&sort=id&dir=desc");
  await shellReady(page);
  const sw = page.getByRole("switch").nth(n);
  await expect(sw).toHaveAttribute("aria-checked", "false");
  return (await sw.getAttribute("aria-label"))!.match(/aic-[\w-]+/)![0];
}

const actionPost = (page: Page) => page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);

/** Sends a captured server action again from `page`'s session, with `body` in place of its own. */
async function replay(page: Page, req: Request, body: string): Promise<string> {
  const headers = await req.allHeaders();
  const res = await page.request.post(req.url(), {
    headers: {
      "next-action": headers["next-action"],
      "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
      accept: "text/x-component",
      ...(headers["next-router-state-tree"] ? { "next-router-state-tree": headers["next-router-state-tree"] } : {}),
      origin: ORIGIN,
    },
    data: body,
    maxRedirects: 0,
  });
  expect(res.status()).toBe(200);
  return res.text();
}

const manageCalls = async () => (await emulatorCalls()).byAction.ManageAICLogin?.received ?? 0;

/** The History's operations for `action` on `target`, as an auditor exports them (JSON Lines). The refusal is written before the action answers. */
async function history(browser: Browser, action: string, target: string) {
  const { context, page } = await as(browser, "auditor");
  const res = await page.request.get(
    `/api/history/export?format=jsonl&action=${encodeURIComponent(action)}&target=${encodeURIComponent(target)}`,
  );
  expect(res.status()).toBe(200);
  const text = await res.text();
  await context.close();
  return text
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { action?: string; actorEmail?: string; outcome?: string; errorCode?: string; targetId?: string });
}

test("over HTTP: a requester replaying an operator's direct open is refused, nothing reaches ENS, the refusal is audited", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const op = await as(browser, "operator");
  const mine = await closedInstance(op.page, 16);
  const target = await closedInstance(op.page, 17);
  await op.page.goto(`/instances/${mine}`);
  await shellReady(op.page);
  await op.page.getByRole("switch", { name: `Login for ${mine}` }).click();
  const dialog = op.page.getByRole("dialog", { name: `Open login on ${mine}` });
  await dialog.getByLabel("Public key").selectOption({ label: KEY });
  await dialog.getByLabel("Reason").fill("E2E-ATTACK-capture");
  const captured = actionPost(op.page);
  await dialog.getByRole("button", { name: "Open login" }).click();
  const req = await captured;
  await expect(op.page.getByRole("switch", { name: `Login for ${mine}` })).toHaveAttribute("aria-checked", "true");
  const body = req.postData() ?? "";
  expect(body).toContain(mine);

  const rq = await as(browser, "requester");
  await rq.page.goto("/instances");
  await shellReady(rq.page);
  const before = await manageCalls();
  const answer = await replay(rq.page, req, body.replaceAll(mine, target));
  expect(answer).toContain("Console.Forbidden");
  expect(await manageCalls(), "no ManageAICLogin call").toBe(before);
  const refused = (await history(browser, "login.open", target)).filter((e) => e.actorEmail === "requester@e2e.test");
  expect(refused.map((e) => [e.outcome, e.errorCode])).toContainEqual(["denied", "Console.Forbidden"]);

  // The operator's own session, the same bytes: accepted (the refusal was the role, not the request).
  await op.page.getByRole("switch", { name: `Login for ${mine}` }).click();
  await expect(op.page.getByRole("switch", { name: `Login for ${mine}` })).toHaveAttribute("aria-checked", "false");
  await op.context.close();
  await rq.context.close();
});

test("over HTTP: an operator approving their own request is refused (SelfApproval), nothing reaches ENS, the refusal is audited", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const rq = await as(browser, "requester");
  const op = await as(browser, "operator");
  const first = await closedInstance(rq.page, 18);
  const second = await closedInstance(rq.page, 19);

  // The requester asks for a login; the create action is captured on the way.
  const row = rq.page.getByRole("row").filter({ has: rq.page.getByRole("switch", { name: `Login for ${first}` }) });
  await row.getByRole("button", { name: "Request login", exact: true }).click();
  const dialog = rq.page.getByRole("dialog", { name: `Request login on ${first}` });
  await dialog.getByLabel("Public key").selectOption({ label: KEY });
  await dialog.getByLabel("Duration in minutes", { exact: true }).fill("30");
  await dialog.getByLabel("Reason", { exact: true }).fill("E2E-ATTACK-request");
  const createCaptured = actionPost(rq.page);
  await dialog.getByRole("button", { name: "Request login", exact: true }).click();
  const createReq = await createCaptured;
  const toast = toasts(rq.page).getByRole("status").filter({ hasText: "Request sent" });
  const href = await toast.getByRole("link", { name: "View the request" }).getAttribute("href");
  const requesterRequest = href!.split("/").pop()!;

  // The operator's own request: the create action sent from the operator's session (operators may request).
  await op.page.goto("/requests");
  await shellReady(op.page);
  const created = await replay(op.page, createReq, (createReq.postData() ?? "").replaceAll(first, second));
  const ownRequest = created.match(/"requestId":"([0-9a-f-]{36})"/)![1];

  // The approve action, captured when the operator approves the requester's request…
  await op.page.goto(`/requests/${requesterRequest}`);
  await shellReady(op.page);
  await op.page.getByRole("button", { name: "Approve" }).click();
  const approveCaptured = actionPost(op.page);
  await op.page.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
  const approveReq = await approveCaptured;
  await expect(toasts(op.page).getByRole("status").filter({ hasText: "Request approved." })).toBeVisible();
  // The requester's approved login opens first (one ManageAICLogin): counted before the replay.
  await rq.page.goto(`/instances/${first}`);
  await expect(rq.page.getByRole("switch", { name: `Login for ${first}` })).toHaveAttribute("aria-checked", "true", { timeout: 20_000 });

  // …and sent again for the operator's own request.
  const before = await manageCalls();
  const answer = await replay(op.page, approveReq, (approveReq.postData() ?? "").replaceAll(requesterRequest, ownRequest));
  expect(answer).toContain("Console.SelfApproval");
  expect(await manageCalls(), "no ManageAICLogin call for the refused approval").toBe(before);
  await op.page.goto(`/requests/${ownRequest}`);
  await shellReady(op.page);
  await expect(op.page.getByText("Pending", { exact: true }).first()).toBeVisible();
  const selfApproval = await history(browser, "request.approve", ownRequest);
  expect(selfApproval.map((e) => [e.actorEmail, e.errorCode])).toContainEqual(["operator@e2e.test", "Console.SelfApproval"]);

  // The operator withdraws their own request.
  await op.page.getByRole("button", { name: "Cancel request" }).click();
  await expect(toasts(op.page).getByRole("status").filter({ hasText: "Request cancelled." })).toBeVisible();
  await op.context.close();
  await rq.context.close();
});

import { generateKeyPairSync } from "node:crypto";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { emailFor, shellReady, storageFor, toasts, type Role } from "./support";

// Personal keys (issue 30) as people use them: a requester uploads their own key under My keys, asks
// for a login with it (chosen for them), an operator approves, and the instance says whose login it
// is: "open for <requester> (personal key)". Then the login is closed and the key deleted again.
// The offboarding half (an admin disables the user: within 30 s the login closes and the key goes)
// is the second test, on a requester of its own.

/** An OpenSSH ed25519 public key line, made fresh: `ssh-ed25519 <base64 blob> <comment>`. */
function ed25519PublicKey(comment: string): string {
  const jwk = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
  const raw = Buffer.from(jwk.x!, "base64url");
  const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([str(Buffer.from("ssh-ed25519")), str(raw)]).toString("base64")} ${comment}`;
}

async function open(browser: Browser, role: Role, locale = "en"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, storageState: storageFor(role) });
  return { context, page: await context.newPage() };
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await shellReady(page);
}

/** The `n`th closed instance, newest id first (other specs take a few of the first ones). */
async function closedInstance(page: Page, n: number): Promise<string> {
  await visit(page, "/instances?login=closed&sort=id&dir=desc");
  const sw = page.getByRole("switch").nth(n);
  await expect(sw).toHaveAttribute("aria-checked", "false");
  return (await sw.getAttribute("aria-label"))!.match(/aic-[\w-]+/)![0];
}

const rowOf = (page: Page, id: string, name = `Login for ${id}`) =>
  page.getByRole("row").filter({ has: page.getByRole("switch", { name }) });

/** Uploads a key named `name` on My keys (reached from the user menu); returns its ENS name. */
async function uploadKey(page: Page, name: string): Promise<string> {
  await visit(page, "/instances");
  await page.getByRole("button", { name: emailFor("requester") }).click();
  await page.getByRole("menu", { name: "User menu" }).getByRole("menuitem", { name: "My keys" }).click();
  await expect(page).toHaveURL(/\/me\/keys$/);
  await shellReady(page);
  const form = page.getByRole("form", { name: "Add a key" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  // The same refusal as /keys: a private key never leaves the browser.
  await form
    .getByLabel("Public key", { exact: true })
    .fill("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----");
  await expect(form.getByText("This looks like a private key.")).toBeVisible();
  await form.getByLabel("Public key", { exact: true }).fill(ed25519PublicKey(`${name}@e2e`));
  await expect(form.getByText("This looks like a private key.")).toHaveCount(0);
  await form.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(
    toasts(page)
      .getByRole("status")
      .filter({ hasText: `Uploaded ${name}` }),
  ).toBeVisible();
  const row = page.getByRole("table", { name: "My keys" }).getByRole("row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(/SHA256:[A-Za-z0-9+/]{43}/);
  await expect(row).toContainText("Never");
  const ensName = (await row.getByRole("cell").nth(1).textContent())!.trim();
  expect(ensName).toMatch(new RegExp(`^u[0-9a-f]{12}-${name}$`));
  return ensName;
}

/** From the instance's row: Request login with the chosen-for-you personal key; returns the request id. */
async function requestLogin(page: Page, id: string, ensName: string, reason: string): Promise<string> {
  await visit(page, `/instances?q=${encodeURIComponent(id)}`);
  await rowOf(page, id).getByRole("button", { name: "Request login", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Request login on ${id}` });
  // The user's own key is chosen for them, under My keys.
  await expect(dialog.getByLabel("Public key")).toHaveValue(`key:${ensName}`);
  await expect(dialog.getByTestId("no-personal-key")).toHaveCount(0);
  await dialog.getByLabel("Duration in minutes", { exact: true }).fill("30");
  await dialog.getByLabel("Reason", { exact: true }).fill(reason);
  await dialog.getByRole("button", { name: "Request login", exact: true }).click();
  const toast = toasts(page).getByRole("status").filter({ hasText: "Request sent" });
  await expect(toast).toBeVisible();
  const href = await toast.getByRole("link", { name: "View the request" }).getAttribute("href");
  await expect(dialog).toBeHidden();
  return decodeURIComponent(href!.match(/^\/requests\/([\w-]+)$/)![1]);
}

async function approve(page: Page, requestId: string) {
  await visit(page, `/requests/${requestId}`);
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Approve this request?" });
  await dialog.getByLabel("Comment", { exact: true }).fill("personal key checked");
  await dialog.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(toasts(page).getByRole("status").filter({ hasText: "Request approved." })).toBeVisible();
}

test("a requester uploads a personal key, requests a login with it, an operator approves: the instance is open for the requester (personal key)", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const rq = await open(browser, "requester");
  const op = await open(browser, "operator");
  const id = await closedInstance(rq.page, 12);
  const name = `pk-${Date.now()}`;
  const requester = emailFor("requester");

  // Without a personal key, the request dialog says where to add one, in both languages.
  await visit(rq.page, "/me/keys");
  if (
    (await rq.page
      .getByRole("table", { name: "My keys" })
      .getByRole("button", { name: /^Delete / })
      .count()) === 0
  ) {
    await visit(rq.page, `/instances?q=${encodeURIComponent(id)}`);
    await rowOf(rq.page, id).getByRole("button", { name: "Request login", exact: true }).click();
    const dialog = rq.page.getByRole("dialog", { name: `Request login on ${id}` });
    await expect(dialog.getByTestId("no-personal-key")).toHaveText(
      "You have no personal key yet: add one under My keys to request a login with your own key.",
    );
    await expect(dialog.getByRole("link", { name: "My keys" })).toHaveAttribute("href", "/me/keys");
    await dialog.getByRole("button", { name: "Cancel" }).click();

    const zh = await open(browser, "requester", "zh-CN");
    await visit(zh.page, `/instances?q=${encodeURIComponent(id)}`);
    await expect(zh.page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await rowOf(zh.page, id, `${id} 的登录`).getByRole("button", { name: "申请登录", exact: true }).click();
    const zhDialog = zh.page.getByRole("dialog", { name: `申请在 ${id} 上开启登录` });
    await expect(zhDialog.getByTestId("no-personal-key")).toHaveText(
      "你还没有个人公钥：请在我的公钥中添加一个，以便用自己的公钥申请登录。",
    );
    await expect(zhDialog.getByRole("link", { name: "我的公钥" })).toHaveAttribute("href", "/me/keys");
    await zh.context.close();
  }

  const ensName = await uploadKey(rq.page, name);
  const reason = `E2E-PK ${Date.now()}`;
  const requestId = await requestLogin(rq.page, id, ensName, reason);
  await approve(op.page, requestId);

  // The login opens as the requester's, with their key: the row and the instance page say whose it is.
  const row = rowOf(rq.page, id);
  await expect(row.getByRole("switch")).toHaveAttribute("aria-checked", "true", { timeout: 20_000 });
  await expect(row).toContainText(`open for ${requester} (personal key)`);
  await visit(op.page, `/instances/${encodeURIComponent(id)}`);
  await expect(op.page.getByRole("switch", { name: `Login for ${id}` })).toHaveAttribute("aria-checked", "true");
  await expect(op.page.getByText(`open for ${requester} (personal key)`, { exact: true })).toBeVisible();
  // The key is delivered under its ENS name, and My keys says it was used.
  await expect(op.page.getByRole("table", { name: "Deliveries" })).toContainText(ensName);
  // The instance export says whose login it is, and the History's open names the key's owner.
  await visit(op.page, `/instances?q=${encodeURIComponent(id)}`);
  const exported = await op.page.request.get((await op.page.getByRole("link", { name: "Export JSON Lines" }).getAttribute("href"))!);
  const exportedRow = (await exported.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { instance_id: string; login_access: string | null })
    .find((r) => r.instance_id === id);
  expect(exportedRow?.login_access).toBe(`personal key of ${requester}`);
  await visit(op.page, `/history?action=login.open&target=${encodeURIComponent(id)}`);
  const opens = op.page.getByRole("table", { name: "Operations, newest first" }).locator("tbody > tr");
  await expect(opens.filter({ hasText: `keyOwner=${requester}` }).first()).toBeVisible();
  await visit(op.page, `/instances/${encodeURIComponent(id)}`);
  await visit(rq.page, "/me/keys");
  const mine = rq.page.getByRole("table", { name: "My keys" }).getByRole("row").filter({ hasText: name });
  await expect(mine).not.toContainText("Never");

  // While it is delivered, ENS refuses the delete; once the operator has closed the login, it goes.
  await op.page.getByRole("switch", { name: `Login for ${id}` }).click();
  await expect(op.page.getByRole("switch", { name: `Login for ${id}` })).toHaveAttribute("aria-checked", "false", { timeout: 20_000 });
  await mine.getByRole("button", { name: `Delete ${name}` }).click();
  const confirm = rq.page.getByRole("dialog", { name: `Delete ${name}?` });
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(
    toasts(rq.page)
      .getByRole("status")
      .filter({ hasText: `Deleted ${name}` }),
  ).toBeVisible();
  await expect(mine).toHaveCount(0);

  // The History has the upload and the delete, by the requester.
  await visit(op.page, `/history?target=${encodeURIComponent(ensName)}`);
  const events = op.page.getByRole("table", { name: "Operations, newest first" }).locator("tbody > tr");
  await expect(events.filter({ hasText: "key.delete_personal" })).toContainText(requester);
  await rq.context.close();
  await op.context.close();
});

// Offboarding (issue 30): disabling the user closes their personal-key logins and deletes their
// keys within 30 s; /operations shows the run and the History names it with the disable.
test("an admin disables a requester with an open personal-key login: within 30 s the login is closed and the key deleted", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const admin = await open(browser, "admin");
  const op = await open(browser, "operator");
  // A requester of this test's own: disabling the shared one would end the other specs' session.
  const email = `offboard-${Date.now()}@e2e.test`;
  await visit(admin.page, "/users");
  await admin.page.getByLabel("New user email").fill(email);
  await admin.page.getByLabel("Role", { exact: true }).selectOption("requester");
  await admin.page.getByRole("button", { name: "Add user" }).click();
  const status = admin.page.getByRole("status").filter({ hasText: `Password for ${email}` });
  const password = (await status.locator(".font-mono").textContent())!.trim();

  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

  const id = await closedInstance(page, 13);
  const name = `off-${Date.now()}`;
  await visit(page, "/me/keys");
  const form = page.getByRole("form", { name: "Add a key" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Public key", { exact: true }).fill(ed25519PublicKey(`${name}@e2e`));
  await form.getByRole("button", { name: "Upload", exact: true }).click();
  await expect(
    toasts(page)
      .getByRole("status")
      .filter({ hasText: `Uploaded ${name}` }),
  ).toBeVisible();
  const row = page.getByRole("table", { name: "My keys" }).getByRole("row").filter({ hasText: name });
  const ensName = (await row.getByRole("cell").nth(1).textContent())!.trim();
  const requestId = await requestLogin(page, id, ensName, `E2E-OFFBOARD ${Date.now()}`);
  await approve(op.page, requestId);
  await visit(op.page, `/instances/${encodeURIComponent(id)}`);
  await expect(op.page.getByText(`open for ${email} (personal key)`, { exact: true })).toBeVisible({ timeout: 20_000 });

  // The admin disables them: within 30 s the login is closed and the key is gone from ENS.
  await visit(admin.page, "/users");
  await admin.page.getByRole("button", { name: `Disable ${email}` }).click();
  await expect(admin.page.getByRole("button", { name: `Enable ${email}` })).toBeVisible();
  const disabledAt = Date.now();
  await expect
    .poll(
      async () => {
        const login = (await (await op.page.request.get(`/api/instances/${encodeURIComponent(id)}`)).json()) as {
          login: { open: boolean };
        };
        return login.login.open;
      },
      { timeout: 30_000, intervals: [1000] },
    )
    .toBe(false);
  await expect
    .poll(
      async () =>
        ((await (await op.page.request.get("/api/keys")).json()) as { keys: { name: string }[] }).keys.some((k) => k.name === ensName),
      { timeout: Math.max(1000, 30_000 - (Date.now() - disabledAt)), intervals: [1000] },
    )
    .toBe(false);
  await visit(op.page, "/operations?kind=user.offboard");
  await expect(op.page.locator("tbody").getByText("Offboarding").first()).toBeVisible();
  await visit(op.page, `/history?action=user.offboard&q=${encodeURIComponent(email)}`);
  await expect(op.page.getByRole("table", { name: "Operations, newest first" }).locator("tbody > tr").first()).toContainText(email);
  await context.close();
  await admin.context.close();
  await op.context.close();
});

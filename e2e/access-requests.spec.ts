import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { emailFor, emulatorCalls, shellReady, storageFor, toasts, type Role } from "./support";
import { untranslated } from "./untranslated";

// Access on request (issue 29) as people use it, each in their own browser: a requester asks for a
// login, an operator sees the count rise without a reload and approves, the login opens as the
// requester's and the History tells it in order; break-glass under an approval policy and its
// review; an image share under the two-person rule, carried out with exactly the requested IDs;
// axe on the request pages, the inbox and the policy page, in English and in Chinese.
// The access policy is read before and written back after (afterAll), through the admin's form.

const IMG = "m-1f2561e52a9e0854487599d9408c519";
const KEY = "support-adb-key (g-support)";

const WORDS = {
  en: {
    nav: "Main",
    requestsLink: (n: number) => (n > 0 ? `Requests ${n}` : "Requests"),
    notificationsLink: (n: number) => (n > 0 ? `Notifications ${n}` : "Notifications"),
    toasts: /Notifications/,
    switchOf: (id: string) => `Login for ${id}`,
    requestLogin: "Request login",
    requestDialog: (id: string) => `Request login on ${id}`,
    key: "Public key",
    duration: "Duration in minutes",
    reason: "Reason",
    sent: "Request sent",
    viewRequest: "View the request",
    tabs: "Which requests",
    toApprove: "To approve",
    requestRow: (id: string) => `Request ${id}`,
    approve: "Approve",
    approveDialog: "Approve this request?",
    comment: "Comment",
    approved: "Request approved.",
    approvedBy: (who: string) => `Your request was approved by ${who}`,
    stateApproved: /^(Approved|Done)$/,
    markRead: "Mark read",
    markAllRead: "Mark all read",
    historyTable: "Operations, newest first",
    detailsOf: /^Details of /,
    params: "Params",
    cancel: "Cancel",
    deny: "Deny",
    denyDialog: "Deny this request?",
    denyRequired: "Say why you deny it.",
    denied: "Request denied.",
    deniedBy: (who: string, comment: string) => `Your request was denied by ${who}: ${comment}`,
    cancelRequest: "Cancel request",
    cancelled: "Request cancelled.",
    stateCancelled: "Cancelled",
    stateDenied: "Denied",
    settingsLink: "Settings",
    review: "To review",
    all: "All",
    mine: "Mine",
  },
  "zh-CN": {
    nav: "主导航",
    requestsLink: (n: number) => (n > 0 ? `申请 ${n}` : "申请"),
    notificationsLink: (n: number) => (n > 0 ? `通知 ${n}` : "通知"),
    toasts: /通知/,
    switchOf: (id: string) => `${id} 的登录`,
    requestLogin: "申请登录",
    requestDialog: (id: string) => `申请在 ${id} 上开启登录`,
    key: "公钥",
    duration: "时长（分钟）",
    reason: "原因",
    sent: "申请已发送",
    viewRequest: "查看申请",
    tabs: "申请范围",
    toApprove: "待我审批",
    requestRow: (id: string) => `申请 ${id}`,
    approve: "批准",
    approveDialog: "批准此申请？",
    comment: "备注",
    approved: "申请已批准。",
    approvedBy: (who: string) => `你的申请已由 ${who} 批准`,
    stateApproved: /^(已批准|已完成)$/,
    markRead: "标为已读",
    markAllRead: "全部标为已读",
    historyTable: "操作（最新的在前）",
    detailsOf: / 的详情$/,
    params: "参数",
    cancel: "取消",
    deny: "拒绝",
    denyDialog: "拒绝此申请？",
    denyRequired: "请说明拒绝的原因。",
    denied: "申请已拒绝。",
    deniedBy: (who: string, comment: string) => `你的申请被 ${who} 拒绝：${comment}`,
    cancelRequest: "取消申请",
    cancelled: "申请已取消。",
    stateCancelled: "已取消",
    stateDenied: "已拒绝",
    settingsLink: "设置",
    review: "待复核",
    all: "全部",
    mine: "我的申请",
  },
} as const;
type Locale = keyof typeof WORDS;
const LOCALES = Object.keys(WORDS) as Locale[];

async function open(browser: Browser, role: Role, locale: Locale = "en"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, storageState: storageFor(role) });
  return { context, page: await context.newPage() };
}

/** Goes to `path` and waits for the shell to hydrate in `locale` (a stored language choice would override the browser's). */
async function visit(page: Page, path: string, locale: Locale) {
  await page.goto(path);
  await shellReady(page);
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
}

async function axe(page: Page, what: string) {
  // A toast still fading in reads as low contrast: let running transitions end first (at most 2 s).
  await page.evaluate(() =>
    Promise.race([
      Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))),
      new Promise((r) => setTimeout(r, 2000)),
    ]),
  );
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map((v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`),
    `axe on ${what}`,
  ).toEqual([]);
}

/** Axe, and in Chinese no English beyond data and identifiers (e2e/untranslated.ts). */
async function checkPage(page: Page, locale: Locale, what: string) {
  await axe(page, `${what} (${locale})`);
  if (locale === "zh-CN") expect(await untranslated(page), `English left on ${what}`).toEqual([]);
}

/** The `n`th closed instance, newest id first (other specs take a few of the first ones). */
async function closedInstance(page: Page, n: number): Promise<string> {
  await page.goto("/instances?login=closed&sort=id&dir=desc");
  await shellReady(page);
  const sw = page.getByRole("switch").nth(n);
  await expect(sw).toHaveAttribute("aria-checked", "false");
  return (await sw.getAttribute("aria-label"))!.match(/aic-[\w-]+/)![0];
}

const requestCount = async (page: Page) =>
  ((await (await page.request.get("/api/requests/counts")).json()) as { toApprove: number }).toApprove;
const unreadCount = async (page: Page) => ((await (await page.request.get("/api/inbox")).json()) as { unread: number }).unread;
const navLink = (page: Page, locale: Locale, name: RegExp) =>
  page.getByRole("navigation", { name: WORDS[locale].nav }).getByRole("link", { name });
const requestsLink = (page: Page, locale: Locale) => navLink(page, locale, locale === "en" ? /^Requests( \d+)?$/ : /^申请( \d+)?$/);
const notificationsLink = (page: Page, locale: Locale) =>
  page.getByRole("link", { name: locale === "en" ? /^Notifications( \d+)?$/ : /^通知( \d+)?$/ });

/** The request id in the success toast's "View the request" link. */
async function sentRequestId(page: Page, locale: Locale): Promise<string> {
  const w = WORDS[locale];
  const toast = toasts(page, w.toasts).getByRole("status").filter({ hasText: w.sent });
  await expect(toast).toBeVisible();
  const href = await toast.getByRole("link", { name: w.viewRequest }).getAttribute("href");
  return decodeURIComponent(href!.match(/^\/requests\/([\w-]+)$/)![1]);
}

/** Asks for a `minutes`-minute login on `id` from the row's `Request login` on /instances; returns the request id. */
async function requestLogin(page: Page, locale: Locale, id: string, minutes: number, reason: string): Promise<string> {
  const w = WORDS[locale];
  const row = page.getByRole("row").filter({ has: page.getByRole("switch", { name: w.switchOf(id) }) });
  await row.getByRole("button", { name: w.requestLogin, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: w.requestDialog(id) });
  await dialog.getByLabel(w.key).selectOption({ label: KEY });
  await dialog.getByLabel(w.duration, { exact: true }).fill(String(minutes));
  await dialog.getByLabel(w.reason, { exact: true }).fill(reason);
  await dialog.getByRole("button", { name: w.requestLogin, exact: true }).click();
  const requestId = await sentRequestId(page, locale);
  await expect(dialog).toBeHidden();
  return requestId;
}

// ---- The access policy, through the admin's form ----

interface Policy {
  loginMode: string;
  loginApprovals: string;
  loginApprovers: string;
  loginMaxMinutes: string;
  requestWaitMinutes: string;
  shareMode: string;
  breakGlass: boolean;
}

const field = {
  loginMode: "Login opens",
  loginApprovals: "Approvals needed",
  loginApprovers: "Who may approve",
  loginMaxMinutes: "Longest login a request may ask for (minutes)",
  requestWaitMinutes: "Requests expire after (minutes)",
  shareMode: "Image shares",
} as const;

async function readPolicy(page: Page): Promise<Policy> {
  await visit(page, "/settings/access", "en");
  const value = (k: keyof typeof field) => page.getByLabel(field[k], { exact: true }).inputValue();
  return {
    loginMode: await value("loginMode"),
    loginApprovals: await value("loginApprovals"),
    loginApprovers: await value("loginApprovers"),
    loginMaxMinutes: await value("loginMaxMinutes"),
    requestWaitMinutes: await value("requestWaitMinutes"),
    shareMode: await value("shareMode"),
    breakGlass: await page.getByRole("checkbox", { name: "Allow break-glass" }).isChecked(),
  };
}

/** Sets the fields given (values as the form's options hold them) and saves. */
async function setPolicy(page: Page, change: Partial<Policy>) {
  await visit(page, "/settings/access", "en");
  for (const [k, v] of Object.entries(change) as [keyof Policy, string | boolean][]) {
    if (k === "breakGlass") await page.getByRole("checkbox", { name: "Allow break-glass" }).setChecked(v as boolean);
    else if (k === "loginMaxMinutes" || k === "requestWaitMinutes") await page.getByLabel(field[k], { exact: true }).fill(String(v));
    else await page.getByLabel(field[k], { exact: true }).selectOption(String(v));
  }
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(toasts(page).getByRole("status").filter({ hasText: "Access policy saved" })).toBeVisible();
  // Read back: the page is rendered again from the stored policy.
  await expect.poll(async () => JSON.stringify(await pick(await readPolicy(page), change))).toBe(JSON.stringify(change));
}

const pick = (p: Policy, like: Partial<Policy>) => Object.fromEntries(Object.keys(like).map((k) => [k, p[k as keyof Policy]]));

let found: Policy | null = null;

test.beforeAll(async ({ browser }) => {
  const { context, page } = await open(browser, "admin");
  found = await readPolicy(page);
  await context.close();
});

test.afterAll(async ({ browser }) => {
  if (!found) return;
  const { context, page } = await open(browser, "admin");
  const now = await readPolicy(page);
  if (JSON.stringify(now) !== JSON.stringify(found)) await setPolicy(page, found);
  await context.close();
});

// ---- 1. Request → approve, in both languages ----

for (const locale of LOCALES) {
  const w = WORDS[locale];
  test(`in ${locale}: a requester asks for a 60-minute login, the operator's count rises within 2 s, approval opens it as the requester's, the inbox and the History say so`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    expect(found?.loginApprovals, "one approval needed (the default policy)").toBe("1");
    const rq = await open(browser, "requester", locale);
    const op = await open(browser, "operator", locale);
    const id = await closedInstance(rq.page, 15);

    // The operator has the console open elsewhere, its live stream connected.
    await visit(op.page, "/overview", locale);
    await expect(op.page.locator("html")).toHaveAttribute("data-live", "connected");
    const toApprove = await requestCount(op.page);
    await expect(requestsLink(op.page, locale)).toHaveAccessibleName(w.requestsLink(toApprove));
    // A reload would drop this mark.
    await op.page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    await visit(rq.page, `/instances?q=${encodeURIComponent(id)}`, locale);
    await expect(rq.page.locator("html")).toHaveAttribute("data-live", "connected");
    const unread = await unreadCount(rq.page);
    await expect(notificationsLink(rq.page, locale)).toHaveAccessibleName(w.notificationsLink(unread));
    const reason = `E2E-REQ-${locale}-${Date.now()}`;
    const requestId = await requestLogin(rq.page, locale, id, 60, reason);
    const sentAt = Date.now();
    await expect(requestsLink(op.page, locale)).toHaveAccessibleName(w.requestsLink(toApprove + 1), { timeout: 2_000 });
    const countLatency = Date.now() - sentAt;
    expect(await op.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    // Nothing is open yet.
    await expect(rq.page.getByRole("switch", { name: w.switchOf(id) })).toHaveAttribute("aria-checked", "false");

    // The operator follows the link to the request, from To approve.
    await requestsLink(op.page, locale).click();
    await op.page.getByRole("navigation", { name: w.tabs }).getByRole("link", { name: w.toApprove, exact: true }).click();
    await expect(op.page).toHaveURL(/\/requests\?tab=approve/);
    await op.page.getByRole("link", { name: w.requestRow(requestId), exact: true }).click();
    await expect(op.page).toHaveURL(new RegExp(`/requests/${requestId}$`));
    await expect(op.page.getByText(reason, { exact: true })).toBeVisible();
    await op.page.getByRole("button", { name: w.approve, exact: true }).click();
    const dialog = op.page.getByRole("dialog", { name: w.approveDialog });
    await dialog.getByLabel(w.comment, { exact: true }).fill(`checked-${locale}`);
    await dialog.getByRole("button", { name: w.approve, exact: true }).click();
    await expect(toasts(op.page, w.toasts).getByRole("status").filter({ hasText: w.approved })).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(op.page.getByRole("table").filter({ hasText: `checked-${locale}` })).toContainText(emailFor("operator"));

    // The login opens as the requester's: their row shows it, read back from ENS, without a reload.
    const row = rq.page.getByRole("row").filter({ has: rq.page.getByRole("switch", { name: w.switchOf(id) }) });
    await expect(row.getByRole("switch")).toHaveAttribute("aria-checked", "true", { timeout: 20_000 });
    await expect(row).toContainText("support-adb-key");
    // The instance page says who opened it and why.
    await visit(op.page, `/instances/${encodeURIComponent(id)}`, locale);
    await expect(op.page.getByRole("switch", { name: w.switchOf(id) })).toHaveAttribute("aria-checked", "true");
    await expect(op.page.getByText(reason).first()).toBeVisible();

    // The requester is told: the count rises, the inbox says approved; Mark read takes it off.
    await expect(notificationsLink(rq.page, locale)).toHaveAccessibleName(w.notificationsLink(unread + 1), { timeout: 10_000 });
    await notificationsLink(rq.page, locale).click();
    await expect(rq.page).toHaveURL(/\/inbox$/);
    const note = rq.page.getByRole("row").filter({ has: rq.page.locator(`a[href="/requests/${requestId}"]`) });
    await expect(note).toContainText(w.approvedBy(emailFor("operator")));
    await note.getByRole("button", { name: w.markRead, exact: true }).click();
    await expect(note.getByRole("button", { name: w.markRead, exact: true })).toHaveCount(0);
    await expect(notificationsLink(rq.page, locale)).toHaveAccessibleName(w.notificationsLink(unread));

    // The request page shows it decided; the operator's count is back.
    await visit(op.page, `/requests/${requestId}`, locale);
    await expect(requestsLink(op.page, locale)).toHaveAccessibleName(w.requestsLink(toApprove));

    // The History: request.create → request.approve → login.open, the open's actor the requester.
    await visit(op.page, `/history?target=${encodeURIComponent(requestId)}`, locale);
    const events = op.page.getByRole("table", { name: w.historyTable }).locator("tbody > tr");
    const create = events.filter({ hasText: "request.create" });
    const approve = events.filter({ hasText: "request.approve" });
    await expect(create).toHaveCount(1);
    await expect(approve).toHaveCount(1);
    await expect(create).toContainText(emailFor("requester"));
    await expect(approve).toContainText(emailFor("operator"));
    const at = async (r: Locator) => Date.parse((await r.locator("time").first().getAttribute("datetime"))!);
    const createdAt = await at(create);
    const approvedAt = await at(approve);
    await visit(op.page, `/history?action=login.open&target=${encodeURIComponent(id)}`, locale);
    const opens = op.page.getByRole("table", { name: w.historyTable }).locator("tbody > tr").filter({ hasText: "login.open" });
    await expect(opens.first()).toBeVisible();
    await expect(opens.first()).toContainText(emailFor("requester"));
    // The open carries the request's reason, and its id among its params.
    await expect(opens.first()).toContainText(`reason=${reason}`);
    const openedAt = await at(opens.first());
    await opens.first().getByRole("button", { name: w.detailsOf }).click();
    await expect(op.page.getByRole("region", { name: w.params })).toContainText(requestId);
    expect(createdAt).toBeLessThanOrEqual(approvedAt);
    expect(approvedAt).toBeLessThanOrEqual(openedAt);

    test.info().annotations.push({ type: "live count", description: `${locale}: Requests count rose ${countLatency} ms after the toast` });
    await rq.context.close();
    await op.context.close();
  });
}

// ---- 2. Break-glass under an approval policy ----

test("break-glass under an approval policy: an operator opens one instance at once, an admin's To review lists it until Mark reviewed with a comment", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const admin = await open(browser, "admin");
  const op = await open(browser, "operator");
  try {
    await setPolicy(admin.page, { loginMode: "approval", breakGlass: true });
    const id = await closedInstance(op.page, 15);
    await visit(op.page, `/instances/${encodeURIComponent(id)}`, "en");
    // Opening now needs a request: the switch does not open, `Request login` and `Break glass…` are offered.
    const sw = op.page.getByRole("switch", { name: `Login for ${id}` });
    await expect(sw).toHaveAttribute("aria-checked", "false");
    await expect(sw).toBeDisabled();
    await expect(op.page.getByRole("button", { name: "Break glass…" })).toBeVisible();
    // The request dialog offers it too.
    await op.page.getByRole("button", { name: "Request login", exact: true }).click();
    const ask = op.page.getByRole("dialog", { name: `Request login on ${id}` });
    await ask.getByRole("button", { name: "Break glass…" }).click();
    const dialog = op.page.getByRole("dialog", { name: `Break glass on ${id}` });
    await expect(dialog.getByRole("note")).toContainText("without approval");
    await dialog.getByLabel("Public key").selectOption({ label: KEY });
    // At most 60 minutes, a reason of 20 characters or more: said beside the fields, nothing sent.
    const duration = dialog.getByLabel("Duration in minutes", { exact: true });
    const reason = dialog.getByLabel("Reason", { exact: true });
    await duration.fill("90");
    await reason.fill("disk full");
    await dialog.getByRole("button", { name: "Open now" }).click();
    await expect(duration).toHaveAttribute("aria-invalid", "true");
    await expect(reason).toHaveAttribute("aria-invalid", "true");
    await expect(sw).toHaveAttribute("aria-checked", "false");
    const why = `E2E-BG ${Date.now()} disk full on the device, adb needed now`;
    await duration.fill("30");
    await reason.fill(why);
    await dialog.getByRole("button", { name: "Open now" }).click();
    await expect(
      toasts(op.page)
        .getByRole("status")
        .filter({ hasText: `Login opened on ${id} (break glass)` }),
    ).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(sw).toHaveAttribute("aria-checked", "true");
    await op.page.reload();
    await expect(op.page.getByRole("switch", { name: `Login for ${id}` })).toHaveAttribute("aria-checked", "true");

    // The admin is told, and reviews it from To review.
    await visit(admin.page, "/inbox", "en");
    const note = admin.page
      .getByRole("row")
      .filter({ hasText: `${emailFor("operator")} opened login on ${id} without approval (break-glass)` });
    await expect(note).toHaveCount(1);
    await admin.page.getByRole("link", { name: /^Requests( \d+)?$/ }).click();
    await admin.page.getByRole("navigation", { name: "Which requests" }).getByRole("link", { name: "To review", exact: true }).click();
    await expect(admin.page).toHaveURL(/\/requests\?tab=review$/);
    const table = admin.page.getByRole("table", { name: "Break-glass logins awaiting review, newest first" });
    const row = table.getByRole("row").filter({ has: admin.page.getByRole("link", { name: id, exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(emailFor("operator"));
    await expect(row).toContainText(why);
    await row.getByRole("button", { name: "Mark reviewed" }).click();
    const review = admin.page.getByRole("dialog", { name: `Review the break-glass login on ${id}` });
    // The comment is required.
    await review.getByRole("button", { name: "Mark reviewed" }).click();
    await expect(review.getByRole("alert")).toHaveText("Say what you found.");
    await review.getByLabel("Comment", { exact: true }).fill("Checked with the operator: disk cleaned.");
    await review.getByRole("button", { name: "Mark reviewed" }).click();
    await expect(
      toasts(admin.page)
        .getByRole("status")
        .filter({ hasText: `Break-glass login on ${id} marked reviewed.` }),
    ).toBeVisible();
    await expect(review).toBeHidden();
    await expect(admin.page.getByRole("link", { name: id, exact: true })).toHaveCount(0);
    await admin.page.reload();
    await expect(admin.page.getByRole("link", { name: id, exact: true })).toHaveCount(0);
    // Mark all read empties the admin's unread notifications.
    await visit(admin.page, "/inbox", "en");
    await admin.page.getByRole("button", { name: "Mark all read" }).click();
    await expect(admin.page.getByRole("status").filter({ hasText: "Nothing unread" })).toBeVisible();
    await expect(admin.page.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();

    // Closing never needs approval.
    const opened = op.page.getByRole("switch", { name: `Login for ${id}` });
    await opened.click();
    await expect(opened).toHaveAttribute("aria-checked", "false");
  } finally {
    if (found) await setPolicy(admin.page, { loginMode: found.loginMode, breakGlass: found.breakGlass });
    await admin.context.close();
    await op.context.close();
  }
});

// ---- 3. Image share under the two-person rule ----

/** Pastes `text` into the User IDs chips, again if the field was not hydrated yet (the count still reads 0). */
async function paste(page: Page, text: string) {
  await shellReady(page);
  for (let attempt = 0; ; attempt++) {
    await page.getByLabel("User IDs", { exact: true }).focus();
    await page.evaluate((t) => {
      const data = new DataTransfer();
      data.setData("text/plain", t);
      document.activeElement?.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
    try {
      await expect(page.getByText("0 user IDs", { exact: true })).toBeHidden({ timeout: 2_000 });
      return;
    } catch (e) {
      if (attempt === 4) throw e;
    }
  }
}

test("an image share under the two-person rule: the operator requests, the admin approves, exactly the requested user IDs are shared", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const admin = await open(browser, "admin");
  const op = await open(browser, "operator");
  try {
    await setPolicy(admin.page, { shareMode: "approval" });
    const stamp = `${Date.now()}`;
    const users = [`1${stamp}`.padStart(16, "3"), `2${stamp}`.padStart(16, "4")];
    await visit(op.page, `/images/${IMG}/share`, "en");
    // No direct share: the request form instead.
    const form = op.page.getByRole("form", { name: "Request an image share" });
    await expect(form).toBeVisible();
    await expect(op.page.getByRole("button", { name: "Share", exact: true })).toHaveCount(0);
    await paste(op.page, users.join(" "));
    await expect(form.getByText("2 user IDs", { exact: true })).toBeVisible();
    await form.getByLabel("Reason", { exact: true }).fill(`E2E-SHARE ${stamp}`);
    const sharesBefore = (await emulatorCalls()).byAction.ShareAICImage?.received ?? 0;
    await form.getByRole("button", { name: "Request share" }).click();
    const requestId = await sentRequestId(op.page, "en");

    // The requester cannot approve their own request; the admin sees exactly the IDs and approves.
    await visit(op.page, `/requests/${requestId}`, "en");
    await expect(op.page.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
    await expect(op.page.getByRole("button", { name: "Cancel request" })).toBeVisible();
    await visit(admin.page, `/requests/${requestId}`, "en");
    await expect(admin.page.getByRole("heading", { name: "Image share request" })).toBeVisible();
    await expect(admin.page.getByRole("heading", { name: "User IDs (2)" })).toBeVisible();
    expect(
      (
        await admin.page
          .getByRole("listitem")
          .filter({ hasText: /^\d{16}$/ })
          .allInnerTexts()
      ).sort(),
    ).toEqual([...users].sort());
    await admin.page.getByRole("button", { name: "Approve", exact: true }).click();
    const dialog = admin.page.getByRole("dialog", { name: "Approve this request?" });
    await dialog.getByRole("button", { name: "Approve", exact: true }).click();
    await expect(toasts(admin.page).getByRole("status").filter({ hasText: "Request approved." })).toBeVisible();

    // The share history lists one share, with exactly those IDs, by the requester; one batch sent to ENS.
    await expect(async () => {
      await visit(op.page, `/images/${IMG}/share`, "en");
      const row = op.page.getByRole("table", { name: "Share history" }).getByRole("row").filter({ hasText: users[0] });
      await expect(row).toHaveCount(1, { timeout: 1_000 });
      await expect(row.getByRole("cell").nth(2)).toHaveText(`2 · ${users.join(", ")}`, { timeout: 1_000 });
      await expect(row.getByRole("cell").nth(3)).toHaveText("success", { timeout: 1_000 });
      await expect(row.getByRole("cell").nth(1)).toHaveText(emailFor("operator"), { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    expect((await emulatorCalls()).byAction.ShareAICImage?.received ?? 0).toBe(sharesBefore + 1);
    await visit(admin.page, `/requests/${requestId}`, "en");
    await expect(admin.page.getByRole("heading", { name: "Image share request" }).locator("..")).toContainText("Done");
  } finally {
    if (found) await setPolicy(admin.page, { shareMode: found.shareMode });
    await admin.context.close();
    await op.context.close();
  }
});

// ---- 4. Axe on the request pages, the inbox and the policy page, in both languages ----

for (const locale of LOCALES) {
  const w = WORDS[locale];
  test(`axe in ${locale}: /requests (every tab), /requests/<id>, its dialogs, /inbox, /settings/access; ${locale === "en" ? "a denial with its comment" : "a request cancelled"}`, async ({
    browser,
  }) => {
    test.setTimeout(150_000);
    const rq = await open(browser, "requester", locale);
    const op = await open(browser, "operator", locale);
    const admin = await open(browser, "admin", locale);
    const id = await closedInstance(rq.page, 15);
    await visit(rq.page, `/instances?q=${encodeURIComponent(id)}`, locale);
    const requestId = await requestLogin(rq.page, locale, id, 15, `E2E-AXE-${locale}-${Date.now()}`);

    // The operator: To approve, the request with its Approve and Deny dialogs, their inbox.
    await visit(op.page, "/requests?tab=approve", locale);
    await expect(op.page.getByRole("link", { name: w.requestRow(requestId), exact: true })).toBeVisible();
    await checkPage(op.page, locale, "/requests?tab=approve");
    await visit(op.page, "/requests", locale);
    await checkPage(op.page, locale, "/requests (mine)");
    await visit(op.page, `/requests/${requestId}`, locale);
    await checkPage(op.page, locale, "/requests/<id> (pending)");
    if (locale === "en" && !process.env.E2E_SKIP_SCREENSHOTS) {
      await op.page.setViewportSize({ width: 1440, height: 900 });
      await op.page.screenshot({ path: "docs/screenshots/request.png" });
    }
    await op.page.getByRole("button", { name: w.approve, exact: true }).click();
    const approve = op.page.getByRole("dialog", { name: w.approveDialog });
    await checkPage(op.page, locale, "approve dialog");
    await approve.getByRole("button", { name: w.cancel, exact: true }).click();
    await expect(approve).toBeHidden();
    await visit(op.page, "/inbox", locale);
    await expect(op.page.locator(`a[href="/requests/${requestId}"]`)).toBeVisible();
    await checkPage(op.page, locale, "/inbox (operator)");

    if (locale === "en") {
      // Deny needs a comment; the requester reads it.
      await visit(op.page, `/requests/${requestId}`, locale);
      await op.page.getByRole("button", { name: w.deny, exact: true }).click();
      const deny = op.page.getByRole("dialog", { name: w.denyDialog });
      await deny.getByRole("button", { name: w.deny, exact: true }).click();
      await expect(deny.getByRole("alert")).toHaveText(w.denyRequired);
      await checkPage(op.page, locale, "deny dialog with its error");
      // Data, not words: the other language's inbox shows it as typed (e2e/untranslated.ts skips identifiers).
      const comment = `E2E-DENY-freeze-${Date.now()}`;
      await deny.getByLabel(w.comment, { exact: true }).fill(comment);
      await deny.getByRole("button", { name: w.deny, exact: true }).click();
      await expect(toasts(op.page, w.toasts).getByRole("status").filter({ hasText: w.denied })).toBeVisible();
      await expect(op.page.getByRole("main").getByText(w.stateDenied, { exact: true }).first()).toBeVisible();
      await visit(rq.page, "/inbox", locale);
      await expect(rq.page.getByRole("row").filter({ has: rq.page.locator(`a[href="/requests/${requestId}"]`) })).toContainText(
        w.deniedBy(emailFor("operator"), comment),
      );
    } else {
      // The requester cancels it from its page.
      await visit(rq.page, `/requests/${requestId}`, locale);
      await checkPage(rq.page, locale, "/requests/<id> (own, pending)");
      await rq.page.getByRole("button", { name: w.cancelRequest, exact: true }).click();
      await expect(toasts(rq.page, w.toasts).getByRole("status").filter({ hasText: w.cancelled })).toBeVisible();
      await expect(rq.page.getByRole("main").getByText(w.stateCancelled, { exact: true }).first()).toBeVisible();
      await expect(rq.page.getByRole("button", { name: w.cancelRequest, exact: true })).toHaveCount(0);
      await visit(rq.page, "/inbox", locale);
    }
    await checkPage(rq.page, locale, "/inbox (requester)");
    await visit(rq.page, "/requests", locale);
    await expect(rq.page.getByRole("link", { name: w.requestRow(requestId), exact: true })).toBeVisible();
    await checkPage(rq.page, locale, "/requests (requester)");
    await visit(rq.page, `/requests/${requestId}`, locale);
    await checkPage(rq.page, locale, "/requests/<id> (decided)");

    // The admin: All, To review, the policy page.
    await visit(admin.page, "/requests?tab=all", locale);
    await expect(admin.page.getByRole("link", { name: w.requestRow(requestId), exact: true })).toBeVisible();
    await checkPage(admin.page, locale, "/requests?tab=all");
    await visit(admin.page, "/requests?tab=review", locale);
    await checkPage(admin.page, locale, "/requests?tab=review");
    await admin.page.getByRole("navigation", { name: w.nav }).getByRole("link", { name: w.settingsLink, exact: true }).click();
    await expect(admin.page).toHaveURL(/\/settings\/access$/);
    await shellReady(admin.page);
    await checkPage(admin.page, locale, "/settings/access");
    await rq.context.close();
    await op.context.close();
    await admin.context.close();
  });
}

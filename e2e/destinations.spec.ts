import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startReceiver, type Receiver } from "@/lib/outbound/test/receiver";
import { shellReady, storageFor, toasts, type Role } from "./support";
import { untranslated } from "./untranslated";

// Outbound delivery (issue 32) as an admin sets it up, with receivers this spec starts on
// 127.0.0.1 (the e2e console allows that one host: scripts/e2e-server.sh). The webhook receiver
// verifies every Standard Webhooks signature; the DingTalk one checks the signed URL as DingTalk does.

const KEY = "support-adb-key (g-support)";
const DINGTALK_SECRET = "SECe2e0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

interface AuditEvent {
  type: "audit.event";
  seq: number;
  hash: string;
  prevHash: string;
  action: string;
}

async function open(browser: Browser, role: Role, locale = "en"): Promise<Page> {
  const context = await browser.newContext({ locale, storageState: storageFor(role) });
  return context.newPage();
}

/** No axe violation (running transitions ended first: a toast fading in reads as low contrast). */
async function axe(page: Page, what: string) {
  await page.evaluate(() =>
    Promise.race([
      Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))),
      new Promise((r) => setTimeout(r, 2000)),
    ]),
  );
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`)).toEqual([]);
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await shellReady(page);
}

/** Adds a destination through the form; returns the secret shown once (webhooks), or null. */
async function addDestination(
  page: Page,
  d: { name: string; kind: "Webhook" | "DingTalk" | "Slack"; url: string; audit?: boolean; notifications?: boolean; secret?: string },
): Promise<string | null> {
  await visit(page, "/settings/destinations");
  await page.getByRole("button", { name: "Add destination" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a destination" });
  await dialog.getByLabel("Name", { exact: true }).fill(d.name);
  await dialog.getByLabel("Kind", { exact: true }).selectOption({ label: d.kind });
  await dialog.getByLabel("URL", { exact: true }).fill(d.url);
  if (d.secret) await dialog.getByLabel("Signing secret", { exact: true }).fill(d.secret);
  if (d.audit) await dialog.getByRole("checkbox", { name: "Audit stream" }).check();
  if (d.notifications) await dialog.getByRole("checkbox", { name: "Notifications" }).check();
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  return d.kind === "Webhook" ? readSecret(page, d.name) : null;
}

async function readSecret(page: Page, name: string): Promise<string> {
  const shown = page.getByRole("status").filter({ hasText: `Signing secret for ${name}` });
  await expect(shown).toBeVisible();
  return (await shown.locator("code").textContent())!.trim();
}

const auditEvents = (r: Receiver) =>
  r.received.map((x) => x.verified).filter((v): v is Record<string, unknown> => v?.type === "audit.event") as unknown as AuditEvent[];

/**
 * Each delivered event chains to the one before it (prevHash = the previous event's hash), so none
 * is missing: seq is the chain position, which may skip an id a refused append left unused.
 */
function expectChained(events: AuditEvent[]) {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const seqs = [...bySeq.keys()].sort((a, b) => a - b);
  for (let i = 1; i < seqs.length; i++)
    expect(bySeq.get(seqs[i])!.prevHash, `seq ${seqs[i]} follows ${seqs[i - 1]}`).toBe(bySeq.get(seqs[i - 1])!.hash);
}

test.describe("outbound destinations", () => {
  test.describe.configure({ mode: "serial" });
  const secrets: { webhook?: string; dingtalk?: string } = { dingtalk: DINGTALK_SECRET };
  let hook: Receiver;
  let robot: Receiver;

  test.beforeAll(async () => {
    hook = await startReceiver(secrets);
    robot = await startReceiver(secrets);
    robot.answer = () => ({ status: 200, body: JSON.stringify({ errcode: 0, errmsg: "ok" }) });
  });
  test.afterAll(async () => {
    await hook?.close();
    await robot?.close();
  });

  test("a requester's request reaches a webhook and a DingTalk robot within 2 s; the audit stream chains; test, pause, resume and replay", async ({
    browser,
  }) => {
    test.setTimeout(150_000);
    const admin = await open(browser, "admin");
    const stamp = Date.now();
    const hookName = `siem-e2e-${stamp}`;
    secrets.webhook = (await addDestination(admin, {
      name: hookName,
      kind: "Webhook",
      url: `${hook.url}/hook`,
      audit: true,
      notifications: true,
    }))!;
    expect(secrets.webhook).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    await expect(
      toasts(admin)
        .getByRole("status")
        .filter({ hasText: `Destination ${hookName} added` }),
    ).toBeVisible();
    // Shown once: the list, the destination's page and a reload never show it again.
    await visit(admin, "/settings/destinations");
    await expect(admin.getByText(secrets.webhook)).toHaveCount(0);
    await expect(admin.getByRole("table", { name: "Destinations" }).getByRole("link", { name: hookName })).toBeVisible();
    const robotName = `robot-e2e-${stamp}`;
    await addDestination(admin, {
      name: robotName,
      kind: "DingTalk",
      url: `${robot.url}/robot/send?access_token=e2e-token`,
      secret: DINGTALK_SECRET,
      notifications: true,
    });
    await expect(
      toasts(admin)
        .getByRole("status")
        .filter({ hasText: `Destination ${robotName} added` }),
    ).toBeVisible();
    const content = await admin.content();
    expect(content).not.toContain(DINGTALK_SECRET);
    expect(content).not.toContain("e2e-token");
    await axe(admin, "/settings/destinations");

    // A requester asks for a login: both receivers have it within 2 s of the confirmation.
    const requester = await open(browser, "requester");
    await visit(requester, "/instances?login=closed&sort=id&dir=desc");
    const sw = requester.getByRole("switch").nth(16);
    await expect(sw).toHaveAttribute("aria-checked", "false");
    const id = (await sw.getAttribute("aria-label"))!.match(/aic-[\w-]+/)![0];
    const row = requester.getByRole("row").filter({ has: requester.getByRole("switch", { name: `Login for ${id}` }) });
    await row.getByRole("button", { name: "Request login", exact: true }).click();
    const dialog = requester.getByRole("dialog", { name: `Request login on ${id}` });
    await dialog.getByLabel("Public key").selectOption({ label: KEY });
    await dialog.getByLabel("Duration in minutes", { exact: true }).fill("15");
    await dialog.getByLabel("Reason", { exact: true }).fill(`E2E-OUTBOUND ${stamp}`);
    await dialog.getByRole("button", { name: "Request login", exact: true }).click();
    const sentToast = toasts(requester).getByRole("status").filter({ hasText: "Request sent" });
    await expect(sentToast).toBeVisible();
    const sent = Date.now();
    const requestHref = (await sentToast.getByRole("link", { name: "View the request" }).getAttribute("href"))!;
    const waiting = () => hook.received.find((r) => r.verified?.type === "notification" && r.verified.kind === "request_waiting");
    await expect.poll(() => !!waiting(), { timeout: 2000, intervals: [100] }).toBe(true);
    await expect
      .poll(() => robot.received.some((r) => String((r.json.text as { content?: string })?.content ?? "").includes("requester@e2e.test")), {
        timeout: Math.max(100, 2000 - (Date.now() - sent)),
        intervals: [100],
      })
      .toBe(true);
    // Every webhook kept was verified (Webhook.verify). One sent before this spec had read the secret
    // off the page may have been refused, and then arrives again: at least once.
    expect(hook.received.filter((r) => r.headers["webhook-id"]).every((r) => r.verified)).toBe(true);
    expect(robot.refused, "every DingTalk signature verified").toBe(0);
    // The audit stream has the request's creation, with seq and hash, chained to what came before.
    await expect.poll(() => auditEvents(hook).some((e) => e.action === "request.create")).toBe(true);
    expectChained(auditEvents(hook));
    for (const e of auditEvents(hook)) expect(e).toMatchObject({ seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Withdrawn, so no approver meets it later.
    await visit(requester, requestHref);
    await requester.getByRole("button", { name: "Cancel request" }).click();
    await expect(toasts(requester).getByRole("status").filter({ hasText: "Request cancelled." })).toBeVisible();

    // Send test: the receiver's answer is shown.
    await visit(admin, "/settings/destinations");
    await admin.getByRole("link", { name: hookName }).click();
    await expect(admin.getByRole("heading", { name: hookName })).toBeVisible();
    const hookId = admin.url().match(/\/settings\/destinations\/([0-9a-f-]{36})$/)![1];
    await admin.getByRole("button", { name: "Send test" }).click();
    await expect(admin.getByRole("status").filter({ hasText: /The receiver answered 200 in \d+ ms/ })).toBeVisible();
    await expect(admin.getByLabel("Answer")).toHaveText("ok");
    await axe(admin, "/settings/destinations/<id>");
    // In Chinese: both pages, nothing left in English beyond data and identifiers.
    const zh = await open(browser, "admin", "zh-CN");
    for (const path of ["/settings/destinations", `/settings/destinations/${hookId}`]) {
      await visit(zh, path);
      await expect(zh.locator("html")).toHaveAttribute("lang", "zh-CN");
      expect(await untranslated(zh), `English left on ${path}`).toEqual([]);
    }
    await zh.getByRole("button", { name: "重放", exact: true }).click();
    await expect(zh.getByRole("dialog", { name: "重放审计流" })).toBeVisible();
    await axe(zh, "the replay dialog (zh-CN)");
    await zh.context().close();

    // Paused, nothing is sent; resumed, what waited arrives.
    await admin.getByRole("button", { name: "Pause", exact: true }).click();
    await expect(
      toasts(admin)
        .getByRole("status")
        .filter({ hasText: `${hookName} paused` }),
    ).toBeVisible();
    await expect(admin.getByRole("button", { name: "Resume", exact: true })).toBeVisible();
    const before = auditEvents(hook).length;
    await admin.getByRole("button", { name: "Send test" }).click(); // audited: destination.test, requested and completed
    await expect(admin.getByRole("status").filter({ hasText: /The receiver answered 200/ })).toBeVisible();
    await admin.waitForTimeout(1500);
    expect(auditEvents(hook).length, "nothing is sent while paused").toBe(before);
    await admin.getByRole("button", { name: "Resume", exact: true }).click();
    await expect.poll(() => auditEvents(hook).some((e) => e.action === "destination.test"), { timeout: 5000 }).toBe(true);
    expectChained(auditEvents(hook));

    // Replay from a sequence: exactly that range again, in order.
    const seqs = auditEvents(hook).map((e) => e.seq);
    const from = seqs[Math.floor(seqs.length / 2)];
    const last = Math.max(...seqs);
    const count = (seq: number) => auditEvents(hook).filter((e) => e.seq === seq).length;
    // At least once: an event may already have come twice (one in flight when Pause stopped the run).
    const counted = new Map(Array.from({ length: last - from + 2 }, (_, i) => [from - 1 + i, count(from - 1 + i)]));
    await admin.getByRole("button", { name: "Replay", exact: true }).click();
    const replay = admin.getByRole("dialog", { name: "Replay the audit stream" });
    await replay.getByLabel("From sequence number").fill(String(from));
    await replay.getByRole("button", { name: "Replay", exact: true }).click();
    await expect(
      toasts(admin)
        .getByRole("status")
        .filter({ hasText: `Replaying from #${from}` }),
    ).toBeVisible();
    await expect.poll(() => count(last) - counted.get(last)!, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    for (let s = from; s <= last; s++) expect(count(s) - counted.get(s)!, `seq ${s} delivered again`).toBe(1);
    expect(count(from - 1), "nothing before the replay's start again").toBe(counted.get(from - 1));

    // The delivery log lists what was delivered.
    await admin.reload();
    await expect(admin.getByRole("table", { name: "Delivery log" }).getByRole("row", { name: new RegExp(`audit_${last}`) })).toBeVisible();

    // The History has each change, by the admin, with no secret in it.
    await visit(admin, `/history?target=${hookId}`);
    const events = admin.getByRole("table", { name: "Operations, newest first" }).locator("tbody > tr");
    for (const action of ["destination.create", "destination.test", "destination.pause", "destination.resume", "destination.replay"])
      await expect(events.filter({ hasText: action }).first()).toContainText("admin@e2e.test");
    expect(await admin.content()).not.toContain(secrets.webhook);

    // Cleanup: delete both, so other specs' events are not sent on.
    for (const name of [hookName, robotName]) {
      await visit(admin, "/settings/destinations");
      await admin.getByRole("link", { name }).click();
      await admin.getByRole("button", { name: "Delete", exact: true }).click();
      await admin
        .getByRole("dialog", { name: `Delete ${name}?` })
        .getByRole("button", { name: "Delete", exact: true })
        .click();
      await expect(
        toasts(admin)
          .getByRole("status")
          .filter({ hasText: `${name} deleted` }),
      ).toBeVisible();
    }
    await admin.context().close();
    await requester.context().close();
  });

  test("refused: the metadata address, a host name resolving to loopback, a private address; a redirect is not followed", async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const admin = await open(browser, "admin");
    for (const url of ["https://169.254.169.254/latest/meta-data", "https://localhost:8443/hook", "https://10.0.0.1/hook"]) {
      await visit(admin, "/settings/destinations");
      const rowsBefore = await admin.getByRole("table", { name: "Destinations" }).locator("tbody > tr").count();
      await admin.getByRole("button", { name: "Add destination" }).click();
      const dialog = admin.getByRole("dialog", { name: "Add a destination" });
      await dialog.getByLabel("Name", { exact: true }).fill("refused");
      await dialog.getByLabel("URL", { exact: true }).fill(url);
      await dialog.getByRole("checkbox", { name: "Audit stream" }).check();
      await dialog.getByRole("button", { name: "Save", exact: true }).click();
      const shown = url.replace(/\/$/, "");
      await expect(
        toasts(admin)
          .getByRole("alert")
          .filter({ hasText: `The console does not send to ${shown}` }),
      ).toBeVisible();
      await admin.keyboard.press("Escape");
      await visit(admin, "/settings/destinations");
      await expect(admin.getByRole("table", { name: "Destinations" }).locator("tbody > tr")).toHaveCount(rowsBefore);
    }

    // A receiver that answers with a redirect: the answer is the 302, its target never called.
    const name = `Redirect e2e ${Date.now()}`;
    secrets.webhook = (await addDestination(admin, { name, kind: "Webhook", url: `${hook.url}/moved`, audit: true }))!;
    hook.answer = (r) => (r.path === "/moved" ? { status: 302, body: "moved to /hook" } : { status: 200, body: "ok" });
    const hookCalls = hook.received.filter((r) => r.path === "/hook").length;
    await visit(admin, "/settings/destinations");
    await admin.getByRole("link", { name }).click();
    await admin.getByRole("button", { name: "Send test" }).click();
    await expect(admin.getByRole("status").filter({ hasText: /The receiver answered 302 in \d+ ms/ })).toBeVisible();
    expect(hook.received.filter((r) => r.path === "/hook").length, "the redirect is not followed").toBe(hookCalls);
    hook.answer = () => ({ status: 200, body: "ok" });
    await admin.getByRole("button", { name: "Delete", exact: true }).click();
    await admin
      .getByRole("dialog", { name: `Delete ${name}?` })
      .getByRole("button", { name: "Delete", exact: true })
      .click();
    await expect(
      toasts(admin)
        .getByRole("status")
        .filter({ hasText: `${name} deleted` }),
    ).toBeVisible();
    await admin.context().close();
  });
});

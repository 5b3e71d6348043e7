import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page, type Response } from "@playwright/test";
import { failSignIn, storageFor } from "./support";

const PORT = process.env.E2E_PORT ?? 3210;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const DIST = process.env.NEXT_DIST_DIR || ".next";
const SCRIPT_IMAGE = "m-c6a1437c549df63629f96e31684f058";
const ACCESS_KEY_SECRET = "emulator-demo-secret-0123456789abcdef";

/** Every secret that must never reach a browser: the AccessKey secret and AUTH_SECRET (the server's, and the build's if given). */
function secrets(): string[] {
  const file = path.join(".data", `e2e-${process.env.E2E_DB ?? "pglite"}-${PORT}`, "auth-secret");
  const runtime = fs.readFileSync(file, "utf8").trim();
  expect(runtime.length, "the e2e server wrote its AUTH_SECRET").toBeGreaterThan(8);
  const build = process.env.AUTH_SECRET && process.env.AUTH_SECRET.length >= 8 ? [process.env.AUTH_SECRET] : [];
  return [ACCESS_KEY_SECRET, runtime, ...build];
}

function leaks(text: string, list: string[]): string[] {
  return list.filter((s) => text.includes(s) || text.includes(Buffer.from(s).toString("base64")) || text.includes(encodeURIComponent(s)));
}

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Records every response a page receives, with its body, for the scan. */
function recordResponses(page: Page) {
  const seen: { url: string; status: number; type: string; headers: Record<string, string>; body: string }[] = [];
  const pending: Promise<void>[] = [];
  page.on("response", (res: Response) => {
    pending.push(
      (async () => {
        // The live-updates stream never ends: its headers are checked, its body is not awaited.
        const stream = (res.headers()["content-type"] ?? "").startsWith("text/event-stream");
        const body = stream
          ? ""
          : await res
              .body()
              .then((b) => b.toString("utf8"))
              .catch(() => "");
        seen.push({ url: res.url(), status: res.status(), type: res.request().resourceType(), headers: res.headers(), body });
      })(),
    );
  });
  return { seen, settle: () => Promise.all(pending) };
}

const scriptSrc = (csp: string) =>
  csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith("script-src ")) ?? "";
const nonceOf = (csp: string) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc(csp))?.[1] ?? null;

function expectSecurityHeaders(url: string, h: Record<string, string>) {
  const csp = h["content-security-policy"] ?? "";
  expect(csp, `${url}: Content-Security-Policy`).toContain("default-src 'self'");
  expect(csp, `${url}: no unsafe-eval in production`).not.toContain("unsafe-eval");
  expect(scriptSrc(csp), `${url}: scripts need the nonce, inline ones too`).not.toContain("unsafe-inline");
  expect(nonceOf(csp), `${url}: script-src nonce`).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(csp, `${url}: frame-ancestors`).toContain("frame-ancestors 'none'");
  expect(h["referrer-policy"], `${url}: Referrer-Policy`).toBeTruthy();
  expect(h["x-content-type-options"], `${url}: X-Content-Type-Options`).toBe("nosniff");
  if (new URL(url, ORIGIN).pathname.startsWith("/api/")) expect(h["cache-control"], `${url}: Cache-Control`).toBe("no-store");
  // Plain HTTP here, and no trusted proxy: a client's X-Forwarded-Proto must not turn HSTS on.
  expect(h["strict-transport-security"], `${url}: no HSTS over plain HTTP`).toBeUndefined();
}

/** Every CSP violation the page reports, from Chromium's console and from the DOM event. */
async function watchCsp(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  page.on("console", (m) => {
    if (/Content Security Policy|CSP violation/i.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
  });
  return seen;
}

test.describe("secrets and headers", () => {
  test("the build output holds neither the AccessKey secret nor AUTH_SECRET", async () => {
    const files = walk(DIST).filter((f) => !f.includes(`${path.sep}cache${path.sep}`));
    expect(
      files.some((f) => f.includes(`${path.sep}static${path.sep}`)),
      `client chunks under ${DIST}/static`,
    ).toBe(true);
    expect(
      files.some((f) => f.includes(`${path.sep}server${path.sep}`)),
      `server output under ${DIST}/server`,
    ).toBe(true);
    const list = secrets();
    expect(leaks(`x${Buffer.from(list[1]).toString("base64")}x`, list), "the scanner itself finds an encoded secret").toHaveLength(1);
    const found: string[] = [];
    for (const f of files) {
      const found_ = leaks(fs.readFileSync(f).toString("utf8"), list);
      if (found_.length) found.push(`${f}: ${found_.map((s) => s.slice(0, 12)).join(", ")}…`);
    }
    expect(found).toEqual([]);
  });

  test("the login page and anonymous responses carry the security headers and no secret", async ({ page }) => {
    const violations = await watchCsp(page);
    const rec = recordResponses(page);
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    for (const p of ["/api/health", "/api/auth/session", "/api/auth/csrf", "/api/auth/providers", "/instances"]) {
      const res = await page.request.get(p, { maxRedirects: 0 });
      expectSecurityHeaders(p, res.headers());
      expect(leaks(await res.text(), secrets()), p).toEqual([]);
    }
    await rec.settle();
    for (const r of rec.seen) {
      if (r.type === "document") expectSecurityHeaders(r.url, r.headers);
      expect(leaks(r.body, secrets()), r.url).toEqual([]);
    }
    expect(violations).toEqual([]);
  });

  test("each answer has its own script nonce, and the page's scripts carry it", async ({ page, request }) => {
    const a = await request.get("/login");
    const b = await request.get("/login");
    const [na, nb] = [nonceOf(a.headers()["content-security-policy"]), nonceOf(b.headers()["content-security-policy"])];
    expect(na).toBeTruthy();
    expect(na).not.toBe(nb);
    const html = await a.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(2);
    for (const tag of scripts) expect(tag, "every script in the page").toContain(`nonce="${na}"`);
    // The API and a client's X-Forwarded-Proto: no-store, and no HSTS from an untrusted claim.
    const api = await request.get("/api/health", { headers: { "x-forwarded-proto": "https" } });
    expectSecurityHeaders("/api/health", api.headers());

    // Markup injected into the page, the way an XSS would land, runs nothing: its inline handler has no nonce.
    const violations = await watchCsp(page);
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await page.evaluate(() =>
      document.body.insertAdjacentHTML("beforeend", `<img alt="" src="/no-such.png" onerror="window.__injected = 1">`),
    );
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as { __injected?: number }).__injected)).toBeUndefined();
  });

  test.describe("as admin", () => {
    test.use({ storageState: storageFor("admin") });

    test("every page, payload and API answer the admin visits is free of secrets and carries the headers", async ({ page, context }) => {
      const violations = await watchCsp(page);
      const rec = recordResponses(page);
      for (const p of ["/instances", "/images", `/images/${SCRIPT_IMAGE}/share`, "/keys", "/history", "/users"]) {
        await page.goto(p);
        await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      }
      // Client-side navigations fetch RSC payloads rather than documents.
      const nav = page.getByRole("navigation", { name: "Main" });
      for (const name of ["Images", "Keys", "History", "Instances"]) {
        const link = nav.getByRole("link", { name, exact: true });
        if (await link.count()) await link.first().click();
        // Not "networkidle": the live-updates stream keeps a request open for as long as the page lives.
        await expect(page).toHaveURL(new RegExp(`/${name.toLowerCase()}`));
        await expect(page.getByRole("heading", { level: 1, name: name === "Keys" ? "Public keys" : name })).toBeVisible();
      }
      for (const p of ["/api/fleet", "/api/keys", "/api/history/verify", "/api/auth/session", "/api/history/export?format=jsonl"]) {
        const res = await page.request.get(p);
        expect(res.status(), p).toBeLessThan(500);
        expectSecurityHeaders(p, res.headers());
        expect(leaks(await res.text(), secrets()), p).toEqual([]);
      }
      await rec.settle();
      expect(rec.seen.filter((r) => r.type === "document").length).toBeGreaterThanOrEqual(6);
      expect(rec.seen.some((r) => r.type === "script")).toBe(true);
      expect(rec.seen.some((r) => r.type === "fetch" && r.url.includes("_rsc"))).toBe(true);
      for (const r of rec.seen) {
        if (r.type === "document") expectSecurityHeaders(r.url, r.headers);
        expect(leaks(r.body, secrets()), `${r.type} ${r.url}`).toEqual([]);
      }
      // The session cookie is out of reach of scripts and not sent cross-site.
      const cookie = (await context.cookies()).find((c) => /authjs\.session-token$/.test(c.name));
      expect(cookie, "session cookie").toBeTruthy();
      expect(cookie!.httpOnly).toBe(true);
      expect(["Lax", "Strict"]).toContain(cookie!.sameSite);
      expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
      // The pages hydrated and navigated above with no script, style or connection refused by the CSP.
      expect(violations).toEqual([]);
    });

    test("the benchmark-only page and its unauthenticated no-op action are not in the console's build", async ({ page }) => {
      expect((await page.goto("/bench-floor"))?.status()).toBe(404);
      await expect(page.getByRole("switch", { name: "Login for floor" })).toHaveCount(0);
    });
  });
});

test.describe("hostile strings from ENS", () => {
  test.use({ storageState: storageFor("operator") });

  test("an image description holding <script> is shown as text and never runs", async ({ page }) => {
    const dialogs: string[] = [];
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto("/images");
    await expect(page.getByText("<script>alert(1)</script>").first()).toBeVisible();
    await expect(page.locator("script", { hasText: "alert(1)" })).toHaveCount(0);
    await page.goto(`/images/${SCRIPT_IMAGE}/share`);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expect(page.locator("script", { hasText: "alert(1)" })).toHaveCount(0);
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
  });
});

test.describe("server actions", () => {
  test.use({ storageState: storageFor("admin") });

  test("a POST with a foreign Origin is refused; the same request from the console's origin works", async ({ page }) => {
    await page.goto("/users");
    const captured = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
    await page.getByLabel("New user email").fill("origin-ui@e2e.test");
    await page.getByRole("button", { name: "Add user" }).click();
    const req = await captured;
    await expect(page.getByText("origin-ui@e2e.test", { exact: true }).first()).toBeVisible();
    const headers = await req.allHeaders();
    const actionId = headers["next-action"];
    expect(actionId).toMatch(/^[0-9a-f]{40,}$/);
    const body = req.postData() ?? "";
    expect(body).toContain("origin-ui@e2e.test");
    expect(headers["origin"]).toBe(ORIGIN);

    const replay = (email: string, origin: string) =>
      page.request.post(req.url(), {
        headers: {
          "next-action": actionId,
          "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
          accept: "text/x-component",
          ...(headers["next-router-state-tree"] ? { "next-router-state-tree": headers["next-router-state-tree"] } : {}),
          origin,
        },
        data: body.replace("origin-ui@e2e.test", email),
        maxRedirects: 0,
      });

    const evil = await replay("origin-evil@e2e.test", "https://evil.example");
    expect(evil.status()).not.toBe(200);
    expect(await evil.text()).not.toContain("origin-evil@e2e.test");

    const same = await replay("origin-same@e2e.test", ORIGIN);
    expect(same.status()).toBe(200);
    expect(await same.text()).toContain("origin-same@e2e.test");

    await page.goto("/users");
    await expect(page.getByRole("cell", { name: "origin-same@e2e.test", exact: true })).toBeVisible();
    await expect(page.getByRole("cell", { name: "origin-evil@e2e.test", exact: true })).toHaveCount(0);
  });
});

test.describe("client addresses", () => {
  test("a forged X-Forwarded-For names neither the audited address nor the throttled one", async ({ browser }) => {
    const email = `forged-${Date.now()}@e2e.test`;
    await failSignIn(browser, email, { "x-forwarded-for": "203.0.113.9" });

    const auditor = await browser.newContext({ storageState: storageFor("auditor") });
    const view = await auditor.newPage();
    await view.goto(`/history?action=auth.sign_in&q=${encodeURIComponent(email)}`);
    const row = view.getByRole("table", { name: "Operations, newest first" }).locator("tbody > tr").filter({ hasText: email });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("127.0.0.1");
    await expect(row).not.toContainText("203.0.113.9");
    await auditor.close();
  });
});

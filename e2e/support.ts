import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";

export const ROLES = ["viewer", "requester", "operator", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const storageFor = (role: Role) => `e2e/.auth/${process.env.E2E_PORT ?? 3210}-${role}.json`;
export const emailFor = (role: Role | "temp") => `${role}@e2e.test`;
export const passwordFor = (role: Role | "temp") => `e2e-password-${role}`;
export const EMULATOR = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 18790}`;

export async function login(page: Page, role: Role | "temp", next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel("Email").fill(emailFor(role));
  await page.getByLabel("Password").fill(passwordFor(role));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/** A wrong-password sign-in for `email` in a fresh anonymous context (with `headers` on every request). */
export async function failSignIn(browser: Browser, email: string, headers?: Record<string, string>) {
  const anon = await browser.newContext({ extraHTTPHeaders: headers });
  const page = await anon.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  await anon.close();
}

/** Waits until the console shell has hydrated, so listeners and timers set up in effects exist. */
export async function shellReady(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-console-ready", "1");
}

/** Toasts live in sonner's region; scoping avoids Next's route announcer, which is also an alert. */
export const toasts = (page: Page, name: RegExp = /Notifications/) => page.getByRole("region", { name });

export async function emulatorCalls(): Promise<{
  total: number;
  byAction: Record<string, { received: number; ok: number; failed: number }>;
}> {
  return (await fetch(`${EMULATOR}/__emulator/calls`)).json();
}

export async function emulatorFaults(config: Record<string, unknown>) {
  await fetch(`${EMULATOR}/__emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(config),
  });
}

/** The fleet refresh period scripts/e2e-server.sh sets (CONSOLE_FLEET_REFRESH_MS). */
export const FLEET_REFRESH_MS = 2000;

/**
 * Puts the emulator back to its seeded fleet. With `request` (signed in), also waits until the
 * console's fleet index has been listed since: the reset is a change behind the console's back,
 * which the console shows only after its next refresh.
 */
export async function emulatorReset(request?: APIRequestContext) {
  const at = Date.now();
  await fetch(`${EMULATOR}/__emulator/reset`, { method: "POST" });
  if (!request) return;
  // A listing that ended a period after the reset began after it.
  await expect
    .poll(async () => Date.parse(((await (await request.get("/api/fleet?limit=1")).json()) as { asOf: string }).asOf), {
      timeout: 15_000,
      intervals: [250],
    })
    .toBeGreaterThan(at + FLEET_REFRESH_MS);
}

/** ENS calls the emulator received, less the fleet refresh's listing calls (they run whatever a test does). */
export async function callsBesidesListing(): Promise<number> {
  const c = await emulatorCalls();
  const listing = (c.byAction.DescribeARMServerInstances?.received ?? 0) + (c.byAction.ListAICPublicKeyDeliveries?.received ?? 0);
  return c.total - listing;
}

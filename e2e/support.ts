import { expect, type Browser, type Page } from "@playwright/test";

export const ROLES = ["viewer", "operator", "auditor", "admin"] as const;
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
export const toasts = (page: Page) => page.getByRole("region", { name: /Notifications/ });

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

export async function emulatorReset() {
  await fetch(`${EMULATOR}/__emulator/reset`, { method: "POST" });
}

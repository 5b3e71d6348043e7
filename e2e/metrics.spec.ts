import { expect, test, type APIRequestContext } from "@playwright/test";
import { emulatorReset, storageFor } from "./support";

// The token scripts/e2e-server.sh gives the console (CONSOLE_METRICS_TOKEN).
const TOKEN = "e2e-metrics-token-0123456789abcdef0123";

/** One scrape of /api/metrics as a Prometheus server does it: sample name with labels → value. */
async function scrape(request: APIRequestContext): Promise<Map<string, number>> {
  const res = await request.get("/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/plain");
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

const value = (m: Map<string, number>, sample: string) => m.get(sample) ?? 0;

test.describe("metrics after a walk through the browser", () => {
  test.use({ storageState: storageFor("operator") });

  test("a Prometheus scrape finds the walk's requests, actions, ENS calls and audit appends", async ({ page, request }) => {
    await emulatorReset(request);
    const before = await scrape(request);

    await page.goto("/instances?login=closed");
    const first = page.getByRole("switch").first();
    const id = (await first.getAttribute("aria-label"))!.replace("Login for ", "");
    await page.goto(`/instances/${id}`);
    const sw = page.getByRole("switch", { name: `Login for ${id}` });
    await sw.click();
    const dialog = page.getByRole("dialog", { name: `Open login on ${id}` });
    await dialog.getByLabel("Public key").selectOption({ label: "support-adb-key (g-support)" });
    await dialog.getByLabel("Reason").fill("e2e: metrics walk");
    await dialog.getByRole("button", { name: "Open login" }).click();
    await expect(sw).toHaveAttribute("aria-checked", "true");
    await sw.click();
    await expect(sw).toHaveAttribute("aria-checked", "false");
    await expect(page.getByText("No key is delivered to this instance.")).toBeVisible();
    await page.goto("/history");
    await expect(page.getByRole("table").first()).toContainText("login.close");

    const after = await scrape(request);
    const rose = (sample: string) => value(after, sample) - value(before, sample);
    expect(rose('aic_console_action_outcomes_total{action="login.open",outcome="success"}')).toBe(1);
    expect(rose('aic_console_action_outcomes_total{action="login.close",outcome="success"}')).toBe(1);
    expect(rose('aic_console_ens_calls_total{action="ManageAICLogin",outcome="success"}')).toBeGreaterThanOrEqual(2);
    expect(rose('aic_console_ens_call_seconds_count{action="ManageAICLogin"}')).toBeGreaterThanOrEqual(2);
    // Each toggle writes its `requested` and `completed` events.
    expect(rose("aic_console_audit_append_seconds_count")).toBeGreaterThanOrEqual(4);
    const routes = [...after.keys()].filter((k) => k.startsWith("aic_console_http_requests_total{") && rose(k) > 0);
    expect(routes.length, "read routes answered during the walk").toBeGreaterThan(0);
    expect(value(after, "aic_console_fleet_instances")).toBe(200);
    expect(after.has("nodejs_eventloop_lag_p99_seconds")).toBe(true);
  });

  test("the scrape needs the bearer token: a browser session is not enough", async ({ page, request }) => {
    expect((await request.get("/api/metrics")).status()).toBe(401);
    expect((await request.get("/api/metrics", { headers: { authorization: "Bearer wrong-token-0123456789abcdef0123" } })).status()).toBe(
      401,
    );
    await page.goto("/instances");
    const res = await page.request.get("/api/metrics");
    expect(res.status()).toBe(401);
    expect(await res.text()).not.toContain("aic_console_");
  });
});

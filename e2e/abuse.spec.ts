// Point 2 of issue 12, over HTTP as an attacker would do it: anonymous server-action POSTs with
// ~1 MB bodies (the action id read from the public JS) and anonymous GETs of /api/fleet. Every
// call is refused with no data; the audit log grows by a bounded amount (20 events and one
// summary per client and minute); ENS is never called.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import pg from "pg";
import { callsBesidesListing, emulatorCalls, FLEET_REFRESH_MS, shellReady, storageFor } from "./support";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const DIST = process.env.NEXT_DIST_DIR || ".next";
// The attack comes from its own loopback address, so the console counts it apart from the rest of
// the suite (which runs from 127.0.0.1) and the per-client limit does not touch other specs.
const ATTACKER = "127.0.0.2";
const BYSTANDER = "127.0.0.3";

/** A raw HTTP request from `localAddress`, as a script (not a browser) sends it. */
function send(
  localAddress: string,
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${ORIGIN}${url}`,
      {
        method,
        headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) },
        localAddress,
        agent: false,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith(".js")) out.push(p);
  }
  return out;
}

/** The upload action's id, and the public script that carries it (served to anyone). */
function uploadKeyId(): { id: string; script: string } {
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, "server", "server-reference-manifest.json"), "utf8"));
  const id = Object.entries(manifest.node as Record<string, { exportedName?: string; filename?: string }>).find(
    ([, v]) => v.exportedName === "uploadKey" && v.filename === "lib/actions/keys.ts",
  )?.[0];
  if (!id) throw new Error("uploadKey is not in the build's action manifest");
  const file = walk(path.join(DIST, "static")).find((f) => fs.readFileSync(f, "utf8").includes(id));
  if (!file) throw new Error("no public script names the upload action");
  return { id, script: `/_next/static/${path.relative(path.join(DIST, "static"), file).split(path.sep).join("/")}` };
}

interface ExportRow {
  action: string;
  sourceIp: string | null;
  outcome: string;
  params: Record<string, unknown> | null;
}

async function listingCalls(): Promise<number> {
  const c = await emulatorCalls();
  return (c.byAction.DescribeARMServerInstances?.received ?? 0) + (c.byAction.ListAICPublicKeyDeliveries?.received ?? 0);
}

test.describe("anonymous flood", () => {
  test.use({ storageState: storageFor("auditor") });

  test("50 × 1 MB action POSTs and 200 /api/fleet GETs: all refused, no data, no ENS call, the audit log grows by 20 events and one summary", async ({
    request,
  }) => {
    test.setTimeout(180_000);
    const { id, script } = uploadKeyId();
    const anonymous = await playwrightRequest.newContext({ baseURL: ORIGIN });
    const js = await anonymous.get(script);
    expect(js.status(), "the action's script is public").toBe(200);
    expect(await js.text()).toContain(id);
    await anonymous.dispose();

    const chainCount = async () => ((await (await request.get("/api/history/verify?fresh=1")).json()) as { count: number }).count;
    let exports = 0; // each export is itself an audit event
    const attackRows = async (): Promise<{ rows: ExportRow[]; bytes: number }> => {
      exports++;
      const text = await (await request.get("/api/history/export?format=jsonl&range=1h")).text();
      const lines = text.split("\n").filter((l) => l.includes(`"sourceIp":"${ATTACKER}"`));
      const rows = lines.map((l) => JSON.parse(l) as ExportRow).filter((r) => r.sourceIp === ATTACKER);
      return { rows, bytes: lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0) };
    };
    const eventsBefore = await chainCount();
    const upstreamBefore = await callsBesidesListing();
    const listingBefore = await listingCalls();
    const floodStarted = Date.now();
    const started = Date.now();

    const junk = "A".repeat(1_000_000);
    const bodyBytes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const body = JSON.stringify([{ keyName: `flood-${i}`, keyType: "adb", content: junk }]);
      bodyBytes.push(Buffer.byteLength(body));
      // To the page that carries the action, as a browser does. (Posted to another page, Next
      // forwards the action over loopback and the log records 127.0.0.1: see the report.)
      const res = await send(
        ATTACKER,
        "POST",
        "/keys",
        { "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: ORIGIN },
        body,
      );
      expect(res.status, `POST ${i}`).toBe(200);
      expect(res.body, `POST ${i}`).toContain('"code":"Console.Unauthenticated"');
      expect(res.body).not.toContain('"ok":true');
    }
    for (let i = 0; i < 200; i++) {
      const res = await send(ATTACKER, "GET", "/api/fleet");
      expect(res.status, `GET ${i}`).toBe(401);
      expect(JSON.parse(res.body)).toEqual({
        ok: false,
        error: { code: "Console.Unauthenticated", message: "Your session has ended. Sign in again." },
      });
    }
    // Another client at the same time is still logged one by one.
    expect((await send(BYSTANDER, "GET", "/api/fleet")).status).toBe(401);

    // The fleet refresh lists ENS every period whatever anyone sends; nothing else may reach it.
    expect((await callsBesidesListing()) - upstreamBefore, "upstream calls").toBe(0);
    // …and the listing calls are the refresh's own: two per period, however many requests came.
    const periods = Math.ceil((Date.now() - floodStarted) / FLEET_REFRESH_MS) + 1;
    expect((await listingCalls()) - listingBefore, "listing calls").toBeLessThanOrEqual(2 * periods);
    const during = await attackRows();
    expect(during.rows).toHaveLength(20);
    expect(during.rows.every((r) => r.outcome === "denied")).toBe(true);

    // The summary is written when the attacker's minute ends, with no further request.
    await expect.poll(async () => (await attackRows()).rows.length, { timeout: 100_000, intervals: [2_000] }).toBe(21);
    const after = await attackRows();
    const summary = after.rows.find((r) => r.action === "console.refusals_summarised");
    expect(summary?.params).toMatchObject({ suppressed: 230, address: ATTACKER, byCode: { "Console.Unauthenticated": 230 } });
    const eventsAdded = (await chainCount()) - eventsBefore;
    const byAttacker = eventsAdded - exports - 1; // less the auditor's exports and the bystander's refusal
    expect(byAttacker).toBe(21);
    const sent = bodyBytes.reduce((a, b) => a + b, 0);
    console.log(
      `[abuse] 50 anonymous action POSTs (${(sent / 1e6).toFixed(1)} MB sent) + 200 anonymous GET /api/fleet from one address, in ${((Date.now() - started) / 1000).toFixed(0)} s: ` +
        `all refused, 0 upstream calls; audit log +${byAttacker} events for them (20 refusals + 1 summary counting ${String(summary?.params?.suppressed)}), ` +
        `${(after.bytes / 1024).toFixed(1)} KB as exported (JSON Lines)`,
    );
    expect(after.bytes).toBeLessThan(64 * 1024);
    if (process.env.E2E_DB === "postgres") {
      // On PostgreSQL the stored rows can be weighed directly (PGlite is held by the console).
      const admin = process.env.E2E_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
      const db = new pg.Client({ connectionString: `${admin.slice(0, admin.lastIndexOf("/"))}/aic_e2e_${PORT}` });
      await db.connect();
      try {
        const { rows } = await db.query<{ n: number; bytes: number }>(
          "SELECT count(*)::int AS n, coalesce(sum(pg_column_size(a.*)), 0)::int AS bytes FROM audit_events a WHERE source_ip = $1",
          [ATTACKER],
        );
        console.log(`[abuse] PostgreSQL: ${rows[0].n} rows from ${ATTACKER}, ${(rows[0].bytes / 1024).toFixed(1)} KB stored`);
        expect(rows[0].n).toBe(21);
        expect(rows[0].bytes).toBeLessThan(32 * 1024);
      } finally {
        await db.end();
      }
    }
  });
});

test.describe("a private key pasted into the key upload", () => {
  test.use({ storageState: storageFor("operator") });

  test("is flagged as it is pasted and never sent: no action call, no ENS call, nothing in the table", async ({ page }) => {
    const KEY = [
      "-----BEGIN OPENSSH PRIVATE KEY-----",
      "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
      "QyNTUxOQAAACAC20c62ZK2UJ2mPdjoznnLjpUWIRXpB3jn7N7NojjcGQAAAJhacQ/mWnEP",
      "-----END OPENSSH PRIVATE KEY-----",
    ].join("\n");
    await page.goto("/keys");
    await shellReady(page);
    const actionPosts: string[] = [];
    page.on("request", (r) => void (r.method() === "POST" && r.headers()["next-action"] && actionPosts.push(r.url())));
    const form = page.getByRole("form", { name: "Upload a key" });
    await form.getByLabel(/Key name/).fill("pasted-private-key");
    const content = form.getByLabel("Public key");
    await content.fill(KEY);
    await expect(form.getByText(/This looks like a private key/)).toBeVisible();
    await expect(content).toHaveAttribute("aria-invalid", "true");
    const before = (await emulatorCalls()).byAction.UploadAICPublicKey?.received ?? 0;
    await form.getByRole("button", { name: "Upload key" }).click();
    await expect(content).toBeFocused();
    await expect(form.getByText(/This looks like a private key/)).toBeVisible();
    expect(actionPosts, "the key was sent to the server").toEqual([]);
    expect((await emulatorCalls()).byAction.UploadAICPublicKey?.received ?? 0).toBe(before);
    await expect(page.getByRole("table", { name: "Keys" })).not.toContainText("pasted-private-key");
    // Replaced by a public key, the warning goes.
    await content.fill("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIALbRzrZkrZQnaY92OjOecuOlRYhFekHeOfs3s2iONwZ t@test");
    await expect(form.getByText(/This looks like a private key/)).toHaveCount(0);
  });
});

// Point 10 of issue 12 (reads that bypass the fleet cache): a viewer reading one instance, the key
// list or the image list many times at once costs ENS a handful of calls, not one each, and a
// change made by the console is seen at once (no stale read after a toggle or an upload).
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActiveUser } from "@/lib/auth/session";

const session = vi.hoisted(() => {
  process.env.CONSOLE_DATA_DIR = "memory://";
  // Long enough that only invalidation, never expiry, can make a read fresh within this test.
  process.env.CONSOLE_READ_CACHE_MS = "600000";
  return { user: null as ActiveUser | null };
});
vi.mock("@/lib/auth/session", () => ({ getActiveUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "read-quota-test", "x-forwarded-for": "127.0.0.12" }) }));

const { startEmulator } = await import("@/emulator/server");

const user = (n: number, role: ActiveUser["role"]): ActiveUser => ({
  id: `00000000-0000-4000-8000-0000000000d${n}`,
  email: `${role}${n}@quota.test`,
  role,
  name: null,
});
const VIEWER = user(1, "viewer");
const OPERATOR = user(2, "operator");

let emulator: Awaited<ReturnType<typeof startEmulator>>;
async function received(action: string): Promise<number> {
  const get = async () =>
    (
      (await (await fetch(`${emulator.url}/__emulator/calls`, { headers: { connection: "close" } })).json()) as {
        byAction: Record<string, { received: number }>;
      }
    ).byAction[action]?.received ?? 0;
  return get().catch(get);
}

type Login = { login: { open: boolean; keys: string[] } };
async function readInstance(id: string): Promise<Response> {
  const { GET } = await import("@/app/api/instances/[instanceId]/route");
  return GET(new NextRequest(`http://127.0.0.1/api/instances/${id}`), { params: Promise.resolve({ instanceId: id }) });
}
async function readKeys(): Promise<{ keys: { name: string }[] }> {
  const { GET } = await import("@/app/api/keys/route");
  return (await GET(new NextRequest("http://127.0.0.1/api/keys"), undefined as never)).json();
}

let ids: string[];
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, qps: 0 });
  Object.assign(process.env, {
    ENS_ENDPOINT: emulator.endpoint,
    ENS_PROTOCOL: "HTTP",
    ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI5tEmulatorDemoKey01",
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "emulator-demo-secret-0123456789abcdef",
  });
  const { ens } = await import("@/lib/ens");
  ids = (await ens().listAllAicInstances()).map((r) => r.InstanceId);
});
afterAll(async () => emulator?.close());

describe("/api/instances/<id>", () => {
  it("100 parallel reads by a viewer make at most a handful of ENS calls, and a toggle by the console is read at once", async () => {
    const id = ids[3];
    session.user = VIEWER;
    const before = await received("ListAICPublicKeyDeliveries");
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => readInstance(id).then(async (r) => [r.status, await r.json()] as const)),
    );
    const made = (await received("ListAICPublicKeyDeliveries")) - before;
    console.log(`[read quota] 100 parallel reads of /api/instances/${id}: ${made} ENS call(s)`);
    expect(answers.every(([status]) => status === 200)).toBe(true);
    expect(new Set(answers.map(([, body]) => JSON.stringify(body))).size).toBe(1);
    expect(made).toBeLessThanOrEqual(3);
    expect((answers[0][1] as Login).login.open).toBe(false);

    const { setLogin } = await import("@/lib/actions/logins");
    session.user = OPERATOR;
    expect(
      (await setLogin({ instanceId: id, action: "open", keyName: "support-adb-key", durationMinutes: 60, reason: "TICKET-1" })).ok,
    ).toBe(true);
    session.user = VIEWER;
    expect(((await (await readInstance(id)).json()) as Login).login).toMatchObject({
      open: true,
      keys: ["support-adb-key"],
      lease: { reason: "TICKET-1", openedBy: "operator2@quota.test", state: "active" },
      outside: false,
    });

    session.user = OPERATOR;
    expect((await setLogin({ instanceId: id, action: "close" })).ok).toBe(true);
    session.user = VIEWER;
    expect(((await (await readInstance(id)).json()) as Login).login.open).toBe(false);
  });

  it("one user may start only so many ENS reads a minute; cache hits and other users are not held back", async () => {
    const greedy = user(3, "viewer");
    session.user = greedy;
    // Instances nobody has read yet in this test file: each read is a load.
    const unread = ids.slice(10, 71);
    expect(unread).toHaveLength(61);
    const statuses: number[] = [];
    for (const id of unread.slice(0, 60)) statuses.push((await readInstance(id)).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const refused = await readInstance(unread[60]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBeTruthy();
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "Console.RateLimited",
      message: expect.stringMatching(/Too many reads/),
    });
    expect((await readInstance(unread[0])).status, "a cached read").toBe(200);
    session.user = user(4, "viewer");
    expect((await readInstance(unread[60])).status, "another user").toBe(200);
  });
});

describe("key and image lists", () => {
  it("50 parallel key list reads make one listing, and an upload and a delete by the console are read at once", async () => {
    session.user = VIEWER;
    await readKeys();
    const before = await received("ListAICPublicKeys");
    const lists = await Promise.all(Array.from({ length: 50 }, () => readKeys()));
    expect(lists.every((l) => l.keys.length > 0)).toBe(true);
    expect((await received("ListAICPublicKeys")) - before).toBe(0);

    const { uploadKey, deleteKey } = await import("@/lib/actions/keys");
    session.user = OPERATOR;
    const up = await uploadKey({
      keyName: "quota-test-key",
      keyType: "adb",
      content: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIALbRzrZkrZQnaY92OjOecuOlRYhFekHeOfs3s2iONwZ quota@test",
    });
    expect(up.ok, JSON.stringify(up)).toBe(true);
    session.user = VIEWER;
    expect((await readKeys()).keys.map((k) => k.name)).toContain("quota-test-key");
    session.user = OPERATOR;
    expect((await deleteKey({ keyName: "quota-test-key" })).ok).toBe(true);
    session.user = VIEWER;
    expect((await readKeys()).keys.map((k) => k.name)).not.toContain("quota-test-key");
  });

  it("50 parallel image list reads (any search) cost what one listing costs", async () => {
    const { listImages, listImagesCached } = await import("@/lib/images/read");
    const { ens } = await import("@/lib/ens");
    let before = await received("DescribeAICImages");
    const direct = await listImages(ens(), { status: "available" });
    const one = (await received("DescribeAICImages")) - before;
    before = await received("DescribeAICImages");
    const lists = await Promise.all(
      Array.from({ length: 50 }, (_, i) => listImagesCached({ status: "available", q: i % 2 ? undefined : "m-" })),
    );
    const made = (await received("DescribeAICImages")) - before;
    console.log(`[read quota] 50 parallel image list reads: ${made} DescribeAICImages call(s) (one listing: ${one})`);
    expect(made).toBeLessThanOrEqual(one);
    expect(lists[1]).toEqual(direct);
  });
});

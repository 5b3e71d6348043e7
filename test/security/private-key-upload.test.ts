// Point 3 of issue 12: a private key pasted into the key upload is refused with a clear error
// before anything reaches ENS, and no line of it is kept in the audit log.
import { generateKeyPairSync } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActiveUser } from "@/lib/auth/session";

const session = vi.hoisted(() => {
  process.env.CONSOLE_DATA_DIR = "memory://";
  return { user: null as ActiveUser | null };
});
vi.mock("@/lib/auth/session", () => ({ getActiveUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "private-key-test", "x-forwarded-for": "127.0.0.11" }),
}));

const { getDb, queryRows } = await import("@/lib/db/client");
const { startEmulator } = await import("@/emulator/server");
const { PRIVATE_KEY_MESSAGE, uploadKeyInput } = await import("@/lib/keys/schema");

// A throwaway key made for this test with `ssh-keygen -t ed25519 -N ""`: short enough (411
// characters) to pass every other rule of the upload, so only the private-key check stops it.
const OPENSSH = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACAC20c62ZK2UJ2mPdjoznnLjpUWIRXpB3jn7N7NojjcGQAAAJhacQ/mWnEP
5gAAAAtzc2gtZWQyNTUxOQAAACAC20c62ZK2UJ2mPdjoznnLjpUWIRXpB3jn7N7NojjcGQ
AAAEDhjUFtRlZi+dvUuqqJU8tlOXlN9mOl2eLU/f49zY9+yALbRzrZkrZQnaY92OjOecuO
lRYhFekHeOfs3s2iONwZAAAADnRocm93YXdheUB0ZXN0AQIDBAUGBw==
-----END OPENSSH PRIVATE KEY-----
`;
const PUTTY = `PuTTY-User-Key-File-3: ssh-ed25519
Encryption: none
Comment: throwaway@test
Public-Lines: 2
AAAAC3NzaC1lZDI1NTE5AAAAIALbRzrZkrZQnaY92OjOecuOlRYhFekHeOfs3s2i
ONwZ
Private-Lines: 1
AAAAIOGNQW1GVmL529S6qolTy2U5eU32Y6XZ4tT9/j3Nj376
Private-MAC: 3c5d7e1f0a2b4c6d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d
`;
const RSA_PKCS1 = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const EC_PKCS8 = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const ENCRYPTED = generateKeyPairSync("ed25519")
  .privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" })
  .toString();
const OPENSSH_BODY_ONLY = OPENSSH.split("\n").slice(1, -2).join("\n");

const CASES: [string, Record<string, string>][] = [
  ["an OpenSSH private key in the key field", { content: OPENSSH }],
  ["a PuTTY .ppk in the key field", { content: PUTTY }],
  ["a PKCS#1 RSA key in the key field", { content: RSA_PKCS1 }],
  ["a PKCS#8 EC key in the key field", { content: EC_PKCS8 }],
  ["an encrypted PKCS#8 key in the key field", { content: ENCRYPTED }],
  ["an OpenSSH key's body without its header", { content: OPENSSH_BODY_ONLY }],
  [
    "an OpenSSH private key in the description",
    {
      content: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIALbRzrZkrZQnaY92OjOecuOlRYhFekHeOfs3s2iONwZ t@test",
      description: OPENSSH.slice(0, 128),
    },
  ],
];

let emulator: Awaited<ReturnType<typeof startEmulator>>;
const calls = async () => {
  const get = async () =>
    ((await (await fetch(`${emulator.url}/__emulator/calls`, { headers: { connection: "close" } })).json()) as { total: number }).total;
  return get().catch(get);
};

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  Object.assign(process.env, {
    ENS_ENDPOINT: emulator.endpoint,
    ENS_PROTOCOL: "HTTP",
    ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI5tEmulatorDemoKey01",
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: "emulator-demo-secret-0123456789abcdef",
  });
  session.user = { id: "00000000-0000-4000-8000-0000000000c1", email: "operator@pk.test", role: "operator", name: null };
});
afterAll(async () => emulator?.close());

describe("key upload", () => {
  it.each(CASES)("refuses %s with a clear error, calls no ENS API, and keeps no line of it in the log", async (_label, fields) => {
    const { uploadKey } = await import("@/lib/actions/keys");
    const field = fields.description ? "description" : "content";
    const before = await calls();
    const res = await uploadKey({ keyName: "pasted-private-key", keyType: "adb", ...fields });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe("Console.InvalidInput");
    expect(res.error.fieldErrors?.[field]).toBe(PRIVATE_KEY_MESSAGE);
    expect(res.error.message).toContain("This looks like a private key");
    expect(await calls(), "no upstream call").toBe(before);

    const rows = await queryRows<{ t: string }>(
      await getDb(),
      sql`SELECT coalesce(params::text, '') || ' ' || coalesce(error_message, '') || ' ' || coalesce(result::text, '') AS t FROM audit_events`,
    );
    const secret = Object.values(fields).join("\n");
    const lines = secret
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.length >= 8 && !l.startsWith("ssh-ed25519"));
    for (const line of lines)
      expect(
        rows.some((r) => r.t.includes(line)),
        `audit log holds "${line}"`,
      ).toBe(false);
  });

  it("the form's schema gives the same error before anything is sent, and a public key still passes", () => {
    const parsed = uploadKeyInput.safeParse({ keyName: "pasted-private-key", keyType: "adb", content: OPENSSH });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["content", PRIVATE_KEY_MESSAGE]]);
    const pub = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIALbRzrZkrZQnaY92OjOecuOlRYhFekHeOfs3s2iONwZ throwaway@test";
    expect(uploadKeyInput.safeParse({ keyName: "a-public-key", keyType: "adb", content: pub }).success).toBe(true);
  });
});

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as api from "@/lib/ens";

describe("public entry point", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("exports the client, config, errors and helpers", () => {
    for (const name of [
      "createEnsClient",
      "ens",
      "ensConfigFromEnv",
      "EnsError",
      "toEnsError",
      "isRetryableCode",
      "flattenServers",
      "toWireParams",
    ]) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe("function");
    }
  });

  it("ens() is a lazy singleton configured from the environment", () => {
    vi.stubEnv("ENS_ENDPOINT", "127.0.0.1:1");
    vi.stubEnv("ENS_PROTOCOL", "HTTP");
    vi.stubEnv("ALIBABA_CLOUD_ACCESS_KEY_ID", "id");
    vi.stubEnv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret");
    const a = api.ens();
    expect(api.ens()).toBe(a);
    expect(a.config.endpoint).toBe("127.0.0.1:1");
    expect(a.config.accessKeyId).toBe("id");
    expect(JSON.stringify(a.config)).not.toContain("secret");
  });

  it("uses the credentials default chain without static keys, and maps its failure to InvalidCredentials once", async () => {
    vi.stubEnv("ALIBABA_CLOUD_ACCESS_KEY_ID", "");
    vi.stubEnv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "");
    vi.stubEnv("ALIBABA_CLOUD_PROFILE", "");
    vi.stubEnv("ALIBABA_CLOUD_CREDENTIALS_FILE", "");
    vi.stubEnv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true");
    vi.stubEnv("HOME", mkdtempSync(path.join(tmpdir(), "ens-home-")));
    const attempts: string[] = [];
    const c = api.createEnsClient(
      { ...api.ensConfigFromEnv({ ENS_ENDPOINT: "127.0.0.1:1", ENS_PROTOCOL: "HTTP" }) },
      { onAttempt: (a) => attempts.push(a.error?.code ?? "ok") },
    );
    await expect(c.listAicPublicKeys()).rejects.toMatchObject({ code: "InvalidCredentials", retryable: false });
    expect(attempts).toEqual(["InvalidCredentials"]);
  });
});

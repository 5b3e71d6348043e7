import { afterEach, describe, expect, it, vi } from "vitest";
import * as api from "@/lib/ens";

describe("public entry point", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("exports the client, config, errors and helpers", () => {
    for (const name of ["createEnsClient", "ens", "ensConfigFromEnv", "EnsError", "toEnsError", "isRetryableCode", "flattenServers", "toWireParams"]) {
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
});

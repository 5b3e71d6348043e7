import { afterEach, describe, expect, it, vi } from "vitest";
import { config, CONFIG_VARIABLES, ConfigError, configProblems } from "./config";
import { clearProcessSingleton, peekProcessSingleton, processSingleton } from "./singleton";

/** The problems `env` has, as an operator would read them. */
function problems(env: Record<string, string>): string[] {
  try {
    config(env);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
}

describe("config: defaults", () => {
  it("gives the documented defaults for an empty environment", () => {
    expect(config({})).toMatchObject({
      CONSOLE_DATA_DIR: ".data",
      DATABASE_POOL_MAX: 10,
      CONSOLE_TRUSTED_PROXIES: 0,
      AUTH_IDLE_TIMEOUT_MINUTES: 30,
      AUTH_MAX_AGE_HOURS: 12,
      AUTH_OIDC_NAME: "Single sign-on",
      AUTH_OIDC_ROLE_CLAIM: "groups",
      CONSOLE_FLEET_REFRESH_MS: 30_000,
      CONSOLE_READ_CACHE_MS: 3000,
      CONSOLE_REFUSALS_LOGGED_PER_MINUTE: 20,
      ENS_ENDPOINT: "ens.aliyuncs.com",
      ENS_PROTOCOL: "HTTPS",
      ENS_REGION_ID: "cn-hangzhou",
      ENS_SIGNATURE: "v3",
      ENS_CONNECT_TIMEOUT_MS: 3000,
      ENS_READ_TIMEOUT_MS: 10_000,
      ENS_MAX_ATTEMPTS: 4,
      ENS_BACKOFF_BASE_MS: 200,
      ENS_BACKOFF_MAX_MS: 5000,
      ENS_FLEET_CONCURRENCY: 8,
      AUDIT_CHECKPOINT_INTERVAL_MS: 600_000,
    });
    const c = config({});
    for (const k of [
      "DATABASE_URL",
      "DATABASE_MIGRATION_URL",
      "AUTH_SECRET",
      "AUTH_OIDC_ISSUER",
      "CONSOLE_OPERATION_TIMEOUT_MS",
      "AUDIT_SIGNING_KEY_FILE",
    ] as const)
      expect(c[k], k).toBeUndefined();
  });

  it("takes the default for an empty or blank value, and trims the others", () => {
    expect(config({ ENS_MAX_ATTEMPTS: "", CONSOLE_TRUSTED_PROXIES: "  ", DATABASE_URL: "" })).toMatchObject({
      ENS_MAX_ATTEMPTS: 4,
      CONSOLE_TRUSTED_PROXIES: 0,
      DATABASE_URL: undefined,
    });
    expect(config({ ENS_MAX_ATTEMPTS: " 7 ", ENS_ENDPOINT: " 127.0.0.1:9100 " })).toMatchObject({
      ENS_MAX_ATTEMPTS: 7,
      ENS_ENDPOINT: "127.0.0.1:9100",
    });
  });

  it("never trims a secret (a password may end in a space)", () => {
    expect(config({ CONSOLE_BOOTSTRAP_ADMIN_PASSWORD: " pass word " }).CONSOLE_BOOTSTRAP_ADMIN_PASSWORD).toBe(" pass word ");
  });
});

describe("config: numbers", () => {
  it("refuses what bare Number() would turn into NaN or a fraction, naming the variable and the value", () => {
    expect(problems({ ENS_MAX_ATTEMPTS: "abc" })).toEqual(["ENS_MAX_ATTEMPTS: expected an integer from 1 to 10, got 'abc'"]);
    for (const bad of ["1.5", "-1", "1e3", "0x10", "4 attempts", "NaN", "Infinity"]) {
      expect(problems({ DATABASE_POOL_MAX: bad }), bad).toEqual([`DATABASE_POOL_MAX: expected an integer from 1 to 1000, got '${bad}'`]);
    }
  });

  it("holds each number to its range", () => {
    expect(problems({ ENS_MAX_ATTEMPTS: "0" })).toEqual(["ENS_MAX_ATTEMPTS: expected an integer from 1 to 10, got '0'"]);
    expect(problems({ ENS_MAX_ATTEMPTS: "11" })).toHaveLength(1);
    expect(config({ ENS_MAX_ATTEMPTS: "10" }).ENS_MAX_ATTEMPTS).toBe(10);
    expect(problems({ AUDIT_CHECKPOINT_INTERVAL_MS: "999" })).toEqual([
      "AUDIT_CHECKPOINT_INTERVAL_MS: expected an integer from 1000 to 604800000, got '999'",
    ]);
    expect(problems({ CONSOLE_REFUSALS_LOGGED_PER_MINUTE: "0" })).toHaveLength(1);
    expect(problems({ CONSOLE_OPERATION_TIMEOUT_MS: "10" })).toHaveLength(1);
    expect(config({ CONSOLE_OPERATION_TIMEOUT_MS: "1000" }).CONSOLE_OPERATION_TIMEOUT_MS).toBe(1000);
    expect(config({ CONSOLE_FLEET_REFRESH_MS: "1000" }).CONSOLE_FLEET_REFRESH_MS).toBe(1000);
  });

  it("takes fractional hours for the session lifetime, within bounds", () => {
    expect(config({ AUTH_MAX_AGE_HOURS: "0.5" }).AUTH_MAX_AGE_HOURS).toBe(0.5);
    expect(problems({ AUTH_MAX_AGE_HOURS: "0" })).toEqual(["AUTH_MAX_AGE_HOURS: expected a number from 0.01 to 720, got '0'"]);
    expect(problems({ AUTH_MAX_AGE_HOURS: "twelve" })).toHaveLength(1);
    expect(problems({ AUTH_IDLE_TIMEOUT_MINUTES: "0" })).toEqual([
      "AUTH_IDLE_TIMEOUT_MINUTES: expected an integer from 1 to 1440, got '0'",
    ]);
  });

  it("CONSOLE_TRUSTED_PROXIES: a whole number from 0 to 10", () => {
    expect(config({ CONSOLE_TRUSTED_PROXIES: "0" }).CONSOLE_TRUSTED_PROXIES).toBe(0);
    expect(config({ CONSOLE_TRUSTED_PROXIES: "10" }).CONSOLE_TRUSTED_PROXIES).toBe(10);
    for (const bad of ["-1", "1.5", "one", "11", "2,3"])
      expect(problems({ CONSOLE_TRUSTED_PROXIES: bad }), bad).toEqual([
        `CONSOLE_TRUSTED_PROXIES: expected an integer from 0 to 10, got '${bad}'`,
      ]);
  });
});

describe("config: enumerations", () => {
  it("ENS_PROTOCOL is HTTP or HTTPS, in any case", () => {
    expect(config({ ENS_PROTOCOL: "http" }).ENS_PROTOCOL).toBe("HTTP");
    expect(config({ ENS_PROTOCOL: "Https" }).ENS_PROTOCOL).toBe("HTTPS");
    expect(problems({ ENS_PROTOCOL: "ftp" })).toEqual(["ENS_PROTOCOL: expected one of HTTP, HTTPS, got 'ftp'"]);
  });

  it("ENS_SIGNATURE is v3 or v1", () => {
    expect(config({ ENS_SIGNATURE: "V1" }).ENS_SIGNATURE).toBe("v1");
    expect(problems({ ENS_SIGNATURE: "v4" })).toEqual(["ENS_SIGNATURE: expected one of v3, v1, got 'v4'"]);
  });

  it("ENS_ENDPOINT is host[:port], without a scheme", () => {
    expect(config({ ENS_ENDPOINT: "ens.ap-southeast-1.aliyuncs.com" }).ENS_ENDPOINT).toBe("ens.ap-southeast-1.aliyuncs.com");
    expect(problems({ ENS_ENDPOINT: "https://ens.aliyuncs.com" })).toEqual([
      "ENS_ENDPOINT: expected host[:port] without a scheme or path, got 'https://ens.aliyuncs.com'",
    ]);
  });

  it("SSO roles name real roles: a typo in the map or the default role is refused, not ignored", () => {
    const c = config({ AUTH_OIDC_ROLE_MAP: "aic-admins=admin, aic-ops=operator", AUTH_OIDC_DEFAULT_ROLE: "viewer" });
    expect([...c.AUTH_OIDC_ROLE_MAP]).toEqual([
      ["aic-admins", "admin"],
      ["aic-ops", "operator"],
    ]);
    expect(c.AUTH_OIDC_DEFAULT_ROLE).toBe("viewer");
    expect(problems({ AUTH_OIDC_ROLE_MAP: "aic-admins=admn" })).toEqual([
      "AUTH_OIDC_ROLE_MAP: 'aic-admins=admn' names no role (viewer, requester, operator, auditor, admin)",
    ]);
    expect(problems({ AUTH_OIDC_ROLE_MAP: "aic-admins" })).toEqual([
      "AUTH_OIDC_ROLE_MAP: expected group=role pairs separated by commas, got 'aic-admins'",
    ]);
    expect(problems({ AUTH_OIDC_DEFAULT_ROLE: "root" })).toEqual([
      "AUTH_OIDC_DEFAULT_ROLE: expected one of viewer, requester, operator, auditor, admin, got 'root'",
    ]);
  });

  it("AUTH_TRUST_HOST is a boolean", () => {
    expect(config({ AUTH_TRUST_HOST: "true" }).AUTH_TRUST_HOST).toBe(true);
    expect(problems({ AUTH_TRUST_HOST: "yes please" })).toEqual(["AUTH_TRUST_HOST: expected true or false, got 'yes please'"]);
  });
});

describe("config: every problem at once, each naming its variable", () => {
  it("lists one line per bad variable", () => {
    const list = problems({
      ENS_MAX_ATTEMPTS: "abc",
      ENS_PROTOCOL: "ftp",
      CONSOLE_TRUSTED_PROXIES: "-1",
      AUTH_OIDC_ISSUER: "https://idp.example.test",
      CONSOLE_READ_CACHE_MS: "3s",
    });
    expect(list.map((p) => p.split(":")[0]).sort()).toEqual(
      [
        "AUTH_OIDC_CLIENT_ID",
        "AUTH_OIDC_CLIENT_SECRET",
        "CONSOLE_READ_CACHE_MS",
        "CONSOLE_TRUSTED_PROXIES",
        "ENS_MAX_ATTEMPTS",
        "ENS_PROTOCOL",
      ].sort(),
    );
    expect(() => config({ ENS_MAX_ATTEMPTS: "abc", ENS_PROTOCOL: "ftp" })).toThrow(
      /Invalid configuration:\n {2}.*ENS_PROTOCOL.*\n {2}.*ENS_MAX_ATTEMPTS/,
    );
  });

  it("asks for the partners of a half-set pair", () => {
    expect(problems({ AUTH_OIDC_ISSUER: "https://idp.example.test", AUTH_OIDC_CLIENT_ID: "console" })).toEqual([
      "AUTH_OIDC_CLIENT_SECRET: required when AUTH_OIDC_ISSUER and AUTH_OIDC_CLIENT_ID are set (single sign-on needs all three)",
    ]);
    expect(problems({ ALIBABA_CLOUD_ACCESS_KEY_ID: "LTAI5t" })).toEqual([
      "ALIBABA_CLOUD_ACCESS_KEY_SECRET: required when ALIBABA_CLOUD_ACCESS_KEY_ID is set (or unset both to use the credentials chain)",
    ]);
    expect(problems({ ALIBABA_CLOUD_ACCESS_KEY_ID: "", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "" })).toEqual([]);
  });

  it("never repeats a secret or a database password in a message", () => {
    const list = problems({
      DATABASE_URL: "mysql://console:hunter2-db@db/aic",
      DATABASE_MIGRATION_URL: "not a url hunter2-mig",
      AUTH_OIDC_CLIENT_SECRET: "hunter2-oidc",
    });
    expect(list.some((p) => p.startsWith("DATABASE_URL: expected a URL starting with postgres://"))).toBe(true);
    expect(list.some((p) => p.startsWith("DATABASE_MIGRATION_URL: "))).toBe(true);
    expect(list.join("\n")).not.toMatch(/hunter2/);
  });

  it("requires AUTH_SECRET to serve, not to read the rest", () => {
    expect(config({}).AUTH_SECRET).toBeUndefined();
    expect(configProblems({})).toEqual([expect.stringMatching(/^AUTH_SECRET: required/)]);
    expect(configProblems({ AUTH_SECRET: "s".repeat(32) })).toEqual([]);
    expect(configProblems({ NEXTAUTH_SECRET: "s".repeat(32) })).toEqual([]);
  });

  it("knows every variable the README documents", () => {
    for (const k of [
      "DATABASE_URL",
      "CONSOLE_DATA_DIR",
      "DATABASE_POOL_MAX",
      "CONSOLE_TRUSTED_PROXIES",
      "AUTH_SECRET",
      "AUTH_TRUST_HOST",
      "AUTH_IDLE_TIMEOUT_MINUTES",
      "AUTH_MAX_AGE_HOURS",
      "AUTH_OIDC_ISSUER",
      "AUTH_OIDC_CLIENT_ID",
      "AUTH_OIDC_CLIENT_SECRET",
      "AUTH_OIDC_NAME",
      "AUTH_OIDC_ROLE_CLAIM",
      "AUTH_OIDC_ROLE_MAP",
      "AUTH_OIDC_DEFAULT_ROLE",
      "CONSOLE_BOOTSTRAP_ADMIN_EMAIL",
      "CONSOLE_BOOTSTRAP_ADMIN_PASSWORD",
      "CONSOLE_FLEET_REFRESH_MS",
      "CONSOLE_OPERATION_TIMEOUT_MS",
      "ENS_ENDPOINT",
      "ENS_PROTOCOL",
      "ENS_REGION_ID",
      "ALIBABA_CLOUD_ACCESS_KEY_ID",
      "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
      "ENS_SIGNATURE",
      "ENS_CONNECT_TIMEOUT_MS",
      "ENS_READ_TIMEOUT_MS",
      "ENS_MAX_ATTEMPTS",
      "ENS_BACKOFF_BASE_MS",
      "ENS_BACKOFF_MAX_MS",
      "ENS_FLEET_CONCURRENCY",
      "AUDIT_SIGNING_KEY_FILE",
      "AUDIT_CHECKPOINT_INTERVAL_MS",
      "DATABASE_MIGRATION_URL",
      "CONSOLE_REFUSALS_LOGGED_PER_MINUTE",
      "CONSOLE_READ_CACHE_MS",
    ]) {
      expect(CONFIG_VARIABLES, k).toContain(k);
    }
  });
});

describe("config: caching", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("reads process.env by default and sees a change to it", () => {
    vi.stubEnv("ENS_MAX_ATTEMPTS", "2");
    expect(config().ENS_MAX_ATTEMPTS).toBe(2);
    expect(config()).toBe(config());
    vi.stubEnv("ENS_MAX_ATTEMPTS", "3");
    expect(config().ENS_MAX_ATTEMPTS).toBe(3);
  });

  it("serves the start-up parse once start-up fixed it", async () => {
    const { fixConfigAtStartup } = await import("./config");
    vi.stubEnv("ENS_MAX_ATTEMPTS", "5");
    const fixed = fixConfigAtStartup();
    try {
      vi.stubEnv("ENS_MAX_ATTEMPTS", "6");
      expect(config()).toBe(fixed);
      expect(config().ENS_MAX_ATTEMPTS).toBe(5);
      expect(config({ ENS_MAX_ATTEMPTS: "6" }).ENS_MAX_ATTEMPTS).toBe(6); // an explicit env is still read
    } finally {
      clearProcessSingleton("config.startup");
    }
  });
});

describe("processSingleton", () => {
  afterEach(() => clearProcessSingleton("test.counter"));

  it("creates once per process, even when the module is loaded again (as per Next bundle)", async () => {
    let made = 0;
    const a = processSingleton("test.counter", () => ({ n: ++made }));
    vi.resetModules();
    const again = await import("./singleton");
    expect(again.processSingleton("test.counter", () => ({ n: ++made }))).toBe(a);
    expect(made).toBe(1);
    clearProcessSingleton("test.counter");
    expect(peekProcessSingleton("test.counter")).toBeUndefined();
    expect(processSingleton("test.counter", () => ({ n: ++made })).n).toBe(2);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { currentRequestContext, setRequestUser, withRequestContext } from "../context";
import { CENSOR, createRootLogger, logger, scrubText, serializeError, setLogDestination } from "../logger";
import { authLogger } from "@/lib/auth/auth-logger";
import { captureLog } from "./capture";

afterEach(() => setLogDestination(null));

const tick = () => new Promise((r) => setTimeout(r, Math.random() * 5));

describe("the console's log", () => {
  it("writes one JSON object per line: level, ISO time, service, component, message", () => {
    const log = captureLog();
    logger("test").info({ n: 1 }, "hello");
    logger("test").warn("plain");
    expect(log.text().split("\n").filter(Boolean)).toHaveLength(2);
    expect(log.lines[0]).toMatchObject({ level: "info", service: "aic-console", component: "test", n: 1, msg: "hello" });
    expect(log.lines[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(log.lines[1]).toMatchObject({ level: "warn", msg: "plain" });
    expect(log.lines[0].reqId).toBeUndefined();
  });

  it("puts the request's id, and its user once known, on every line logged inside the request, awaits included; two at once do not mix", async () => {
    const log = captureLog();
    const request = (name: string, user: { id: string; email: string; role: string }) =>
      withRequestContext({ action: name }, async (ctx) => {
        logger("test").info({ step: 1, name }, "before the user is known");
        await tick();
        setRequestUser(user);
        for (let step = 2; step <= 5; step++) {
          await tick();
          logger(step % 2 ? "ens" : "db").info({ step, name }, "working");
        }
        return ctx.reqId;
      });
    const [a, b] = await Promise.all([
      request("a", { id: "u-a", email: "a@test", role: "admin" }),
      request("b", { id: "u-b", email: "b@test", role: "viewer" }),
    ]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(log.lines).toHaveLength(10);
    for (const line of log.lines) {
      const [reqId, email] = line.name === "a" ? [a, "a@test"] : [b, "b@test"];
      expect(line.reqId).toBe(reqId);
      expect(line.action).toBe(line.name);
      if (line.step === 1) expect(line.user).toBeUndefined();
      else expect(line).toMatchObject({ user: email, userId: `u-${line.name}` });
    }
    expect(currentRequestContext()).toBeUndefined();
  });

  it("censors keys that may carry a secret, at the top and nested (arrays included), and keeps the rest", () => {
    const log = captureLog();
    logger("test").info(
      {
        password: "pw-top-1",
        user: { email: "x@test", password: "pw-nested-2", credentials: { token: "tok-3" } },
        headers: { authorization: "Bearer abc-4", cookie: "authjs.session-token=abc-5", "set-cookie": "c-6", accept: "*/*" },
        config: { AUTH_SECRET: "as-7", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "ak-8", accessKeySecret: "ak-9" },
        list: [{ secret: "s-10" }],
      },
      "with secrets",
    );
    const text = log.text();
    for (const v of ["pw-top-1", "pw-nested-2", "tok-3", "abc-4", "abc-5", "c-6", "as-7", "ak-8", "ak-9", "s-10"])
      expect(text).not.toContain(v);
    expect(log.lines[0]).toMatchObject({
      password: CENSOR,
      user: { email: "x@test", password: CENSOR, credentials: CENSOR },
      headers: { authorization: CENSOR, cookie: CENSOR, "set-cookie": CENSOR, accept: "*/*" },
      config: { AUTH_SECRET: CENSOR, ALIBABA_CLOUD_ACCESS_KEY_SECRET: CENSOR, accessKeySecret: CENSOR },
      list: [{ secret: CENSOR }],
    });
  });

  it("masks the configured secrets wherever they appear in a line, under any key or inside text", () => {
    const lines: string[] = [];
    const log = createRootLogger({ write: (l) => void lines.push(l) }, "info", ["emulator-demo-secret-0123456789abcdef"]);
    log.info(
      {
        note: "the key is emulator-demo-secret-0123456789abcdef!",
        deep: { a: { b: { c: { d: "emulator-demo-secret-0123456789abcdef" } } } },
      },
      "x",
    );
    expect(lines.join("")).not.toContain("emulator-demo-secret");
    expect(JSON.parse(lines[0])).toMatchObject({ note: `the key is ${CENSOR}!`, deep: { a: { b: { c: { d: CENSOR } } } } });
  });

  it("serializes errors to their class, message, code, RequestId and stack, without their other fields; signed queries and URL passwords are cut", () => {
    const e = Object.assign(new Error("GET http://ens/?Action=X&AccessKeyId=LTAI5tKey&Signature=abc123&x=1 failed"), {
      code: "Throttling",
      requestId: "R-1",
      data: { AccessKeyId: "LTAI", secret: "s" },
      cause: new Error("connect to postgres://console:hunter2@db/aic refused"),
    });
    const out = serializeError(e) as Record<string, unknown>;
    expect(out).toMatchObject({ type: "Error", code: "Throttling", requestId: "R-1" });
    expect(out.data).toBeUndefined();
    expect(JSON.stringify(out)).not.toContain("abc123");
    expect(JSON.stringify(out)).not.toContain("LTAI5tKey");
    expect(JSON.stringify(out)).not.toContain("hunter2");
    expect(scrubText("password=hunter2 and pwd=x")).toBe(`password=${CENSOR} and pwd=${CENSOR}`);

    const log = captureLog();
    logger("test").error({ err: e }, "failed");
    expect(log.lines[0]).toMatchObject({ level: "error", err: { type: "Error", code: "Throttling", requestId: "R-1" } });
    expect(log.text()).not.toContain("hunter2");
  });

  it("a plain-object cause (as Auth.js wraps errors) keeps its errors and primitives only; tokens quoted in text are cut", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    const inner = Object.assign(new Error(`unexpected response id_token=${jwt}`), {
      response: { headers: { "set-cookie": "authjs.session-token=abc" }, bodyText: `id_token=${jwt}` },
    });
    const e = Object.assign(new Error("callback failed"), {
      cause: { err: inner, provider: "oidc", body: { id_token: jwt }, raw: `token ${jwt}` },
    });
    const out = JSON.stringify(serializeError(e));
    expect(out).toContain('"provider":"oidc"');
    expect(out).toContain("unexpected response");
    for (const leak of [jwt, "authjs.session-token=abc", "set-cookie", "bodyText"]) expect(out).not.toContain(leak);
  });

  it("takes its level from CONSOLE_LOG_LEVEL (default info) and refuses an unknown level", () => {
    expect(config({}).CONSOLE_LOG_LEVEL).toBe("info");
    expect(config({ CONSOLE_LOG_LEVEL: "DEBUG" }).CONSOLE_LOG_LEVEL).toBe("debug");
    expect(config({ CONSOLE_LOG_LEVEL: "silent" }).CONSOLE_LOG_LEVEL).toBe("silent");
    expect(() => config({ CONSOLE_LOG_LEVEL: "loud" })).toThrow(
      /CONSOLE_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent/,
    );

    const log = captureLog("warn");
    logger("test").info("dropped");
    logger("test").debug("dropped");
    logger("test").warn("kept");
    expect(log.lines.map((l) => l.msg)).toEqual(["kept"]);
    expect(logger("test").isLevelEnabled("info")).toBe(false);
  });

  it("takes Auth.js's own messages as JSON lines: a wrong password is not an error, anything else is, debug metadata is dropped", () => {
    const log = captureLog();
    authLogger.error!(Object.assign(new Error("Read more at https://errors.authjs.dev#credentialssignin"), { type: "CredentialsSignin" }));
    authLogger.error!(Object.assign(new Error("boom"), { type: "CallbackRouteError" }));
    authLogger.warn!("debug-enabled");
    authLogger.debug!("session", { cookie: "authjs.session-token=abc-11" });
    expect(log.lines.map((l) => [l.component, l.level, l.authjs])).toEqual([
      ["authjs", "debug", "CredentialsSignin"],
      ["authjs", "error", "CallbackRouteError"],
      ["authjs", "warn", "debug-enabled"],
      ["authjs", "debug", "debug"],
    ]);
    expect(log.text()).not.toContain("abc-11");
  });
});

describe("Next's own console output (lib/log/console-bridge.ts)", () => {
  it("becomes JSON lines of the log, errors serialized and scrubbed", async () => {
    const { routeConsoleToLog } = await import("../console-bridge");
    const saved = { error: console.error, warn: console.warn, info: console.info, log: console.log, debug: console.debug };
    const log = captureLog();
    try {
      routeConsoleToLog(logger("next"));
      console.error("⨯ Error: Invalid Server Actions request.");
      console.warn("a warning %s", "formatted");
      console.error(Object.assign(new Error("connect postgres://u:hunter2@db failed"), { digest: "1" }));
    } finally {
      Object.assign(console, saved);
      log.restore();
    }
    expect(log.lines.map((l) => [l.level, l.component, l.msg])).toEqual([
      ["error", "next", "⨯ Error: Invalid Server Actions request."],
      ["warn", "next", "a warning formatted"],
      ["error", "next", expect.stringContaining("connect postgres://u:")],
    ]);
    expect(log.text()).not.toContain("hunter2");
  });
});

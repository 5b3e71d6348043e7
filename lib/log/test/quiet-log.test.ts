import { afterEach, describe, expect, it } from "vitest";
import { TEST_LOG_LEVEL as SETUP_KEY } from "@/test/support/quiet-log";
import { logger, setLogDestination, TEST_LOG_LEVEL } from "../logger";
import { captureLog } from "./capture";

afterEach(() => setLogDestination(null));

// Unit tests keep the console's log quiet (test/support/quiet-log.ts, a vitest setup file) unless
// they capture it; a developer's CONSOLE_LOG_LEVEL wins.
describe.skipIf(Boolean(process.env.CONSOLE_LOG_LEVEL))("the log in unit tests", () => {
  it("is silent on stdout, and again after a capture ends", () => {
    expect(SETUP_KEY).toBe(TEST_LOG_LEVEL);
    const log = logger("quiet-test");
    expect(log.isLevelEnabled("fatal")).toBe(false);
    const captured = captureLog();
    log.info("seen by the capture");
    captured.restore();
    expect(captured.lines).toEqual([expect.objectContaining({ level: "info", component: "quiet-test", msg: "seen by the capture" })]);
    expect(log.isLevelEnabled("fatal")).toBe(false);
  });

  it("a capture at a level sees that level and above", () => {
    const captured = captureLog("warn");
    logger("quiet-test").info("not this");
    logger("quiet-test").warn("this");
    captured.restore();
    expect(captured.lines.map((l) => l.msg)).toEqual(["this"]);
  });
});

// vitest setupFiles (vitest.config.ts, vitest.reliability.config.ts): the console's JSON log is
// silent in tests, so a failure is not buried in thousands of lines. A test that asserts on the log
// captures it at its own level (lib/log/test/capture.ts); `CONSOLE_LOG_LEVEL=info npx vitest run …`
// prints it again. Only this process: the consoles and CLIs the tests start keep their own level.
// Imports lib/singleton alone (not the logger, which would load the configuration before the test).
import { clearProcessSingleton, processSingleton } from "@/lib/singleton";

/** lib/log/logger.ts's TEST_LOG_LEVEL (lib/log/test/quiet-log.test.ts checks they agree). */
export const TEST_LOG_LEVEL = "log.test-level";

clearProcessSingleton(TEST_LOG_LEVEL);
if (!process.env.CONSOLE_LOG_LEVEL) processSingleton(TEST_LOG_LEVEL, () => "silent");

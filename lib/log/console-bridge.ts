import { format } from "node:util";
import { logger, scrubText, serializeError, type Log } from "./logger";

const LEVEL = { error: "error", warn: "warn", info: "info", log: "info", debug: "debug" } as const;

/**
 * What Next prints itself while serving (`⨯ Error: …` with a stack, warnings) goes through the
 * console's log as JSON lines, scrubbed like every other line, instead of plain text on stderr.
 * Installed by instrumentation.ts after the configuration check, whose `[config]` lines stay plain.
 */
export function routeConsoleToLog(log: Log = logger("next")): void {
  for (const method of Object.keys(LEVEL) as (keyof typeof LEVEL)[]) {
    console[method] = (...args: unknown[]) => {
      const err = args.find((a) => a instanceof Error);
      const text = format(...args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : a)));
      log[LEVEL[method]](err ? { err: serializeError(err) } : {}, scrubText(text));
    };
  }
}

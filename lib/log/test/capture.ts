import { setLogDestination, type LogLevel } from "../logger";

export interface CapturedLog {
  /** Every line written since `captureLog()`, parsed. */
  lines: Record<string, unknown>[];
  /** The same lines as written (for greps that must also see what JSON escaping hides). */
  text(): string;
  /** Back to stdout at the configured level. */
  restore(): void;
}

/** Sends the console's log to memory at `level` (default `trace`) until `restore()`. */
export function captureLog(level: LogLevel = "trace"): CapturedLog {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  setLogDestination(
    {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
    level,
  );
  return { lines, text: () => raw.join(""), restore: () => setLogDestination(null) };
}

// Where the console's time goes per request, as the benchmarks print it: the `steps` of the
// console's log lines (actions) and the Server-Timing of read routes (lib/log/steps.ts).
import type { Page } from "@playwright/test";
import { median } from "./console-server";

type Steps = Record<string, number[]>;

function collect(into: Steps, steps: Record<string, number>): void {
  for (const [k, v] of Object.entries(steps)) (into[k] ??= []).push(v);
}

/** The median of each step, rounded to 0.1 ms, in the order the steps were first seen. */
export function medians(steps: Steps): Record<string, number> {
  return Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.round(median(v) * 10) / 10]));
}

export const describeSteps = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${v} ms`)
    .join(", ");

/** The steps of the console's log lines for `action` (JSON lines with `action` and `steps`). */
export function actionSteps(lines: string[], action: string): Steps {
  const out: Steps = {};
  for (const line of lines) {
    if (!line.includes(`"action":"${action}"`) || !line.includes('"steps"')) continue;
    try {
      const o = JSON.parse(line) as { action?: string; steps?: Record<string, number>; durationMs?: number };
      if (o.action === action && o.steps) collect(out, { ...o.steps, total: o.durationMs ?? 0 });
    } catch {}
  }
  return out;
}

/** The steps of the console's `page <name>` log lines. */
export function pageSteps(lines: string[], name: string): Steps {
  const out: Steps = {};
  for (const line of lines) {
    if (!line.includes(`"route":"page:${name}"`)) continue;
    try {
      const o = JSON.parse(line) as { steps?: Record<string, number>; durationMs?: number };
      collect(out, { ...(o.steps ?? {}), total: o.durationMs ?? 0 });
    } catch {}
  }
  return out;
}

/** Forgets the page's resource timings, so `readSteps` sees only what follows. */
export async function clearResourceSteps(page: Page): Promise<void> {
  await page.evaluate(() => {
    performance.setResourceTimingBufferSize(5000);
    performance.clearResourceTimings();
  });
}

/** The Server-Timing steps of every request the page made to a URL containing `part` since the last clear. */
export async function readSteps(page: Page, part: string): Promise<Steps> {
  const entries = await page.evaluate(
    (p) =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
        .filter((e) => e.name.includes(p))
        .map((e) => Object.fromEntries(e.serverTiming.map((t) => [t.name, t.duration]))),
    part,
  );
  const out: Steps = {};
  for (const e of entries) collect(out, e);
  return out;
}

"use server";

/**
 * The floor of action_overhead: a server action that does nothing but wait as long as a toggle's
 * two ENS calls. No session, no database, no ENS. It exists only in benchmark builds
 * (CONSOLE_BENCH_FLOOR=1, see next.config.mjs), never in the console users run.
 */
export async function floorToggle(open: boolean): Promise<{ ok: true; data: { open: boolean } }> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { ok: true, data: { open } };
}

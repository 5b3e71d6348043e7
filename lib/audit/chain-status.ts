import "server-only";
import { getDb } from "../db/client";
import { processSingleton } from "../singleton";
import { verifyingKey } from "./checkpoint-key";
import { verifyChain, type VerifyResult } from "./verify";

export type ChainStatus = VerifyResult & { checkedAt: string; ms: number };

const MAX_AGE_MS = 5 * 60_000;

/**
 * The chain's status, walked at most once at a time per process. A full walk reads every event,
 * so a recent result is reused unless `fresh` asks for a new walk.
 */
export async function chainStatus(fresh: boolean): Promise<ChainStatus> {
  const state = processSingleton<{ at: number; result?: ChainStatus; running?: Promise<ChainStatus> }>("chain-status", () => ({ at: 0 }));
  if (state.running) return state.running;
  if (!fresh && state.result && Date.now() - state.at < MAX_AGE_MS) return state.result;
  state.running = (async () => {
    const started = performance.now();
    const result = await verifyChain(await getDb(), { publicKey: verifyingKey() });
    // The page lists at most this many; `audit:verify` lists them all.
    return {
      ...result,
      broken: result.broken.slice(0, 100),
      checkedAt: new Date().toISOString(),
      ms: Math.round(performance.now() - started),
    };
  })();
  try {
    state.result = await state.running;
    state.at = Date.now();
    return state.result;
  } finally {
    state.running = undefined;
  }
}

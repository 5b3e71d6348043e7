import "server-only";
import type { Db } from "../db/client";
import { deliver } from "./deliver";
import { findDestination } from "./manage-destination";
import { testPayload } from "./payload";
import type { TestResult } from "./view";

/**
 * Send test: one test message, signed and sent as the destination's events are (paused or not),
 * and the receiver's answer as it came. Outside the streams: no cursor moves.
 */
export async function sendTest(db: Db, destinationId: string): Promise<TestResult> {
  const destination = await findDestination(db, destinationId);
  const attempt = await deliver(destination, testPayload(destination));
  return { ok: attempt.ok, status: attempt.status, latencyMs: attempt.latencyMs, error: attempt.error, answer: attempt.responseExcerpt };
}

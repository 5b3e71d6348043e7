import "server-only";
import type { Db } from "../db/client";
import { findDestination } from "./manage-destination";
import { rewindCursor } from "./replay";
import type { ReplayDestinationInput } from "./schema";

/** Replay: the audit stream is sent again from a chain position or a time, in order, from the next pass on. */
export async function replayDestination(db: Db, input: ReplayDestinationInput): Promise<{ fromSeq: number }> {
  await findDestination(db, input.destinationId);
  const from = input.fromSeq !== undefined ? { fromSeq: input.fromSeq } : { fromTime: new Date(input.fromTime!) };
  return rewindCursor(db, input.destinationId, from, "audit");
}

import "server-only";
import type { ActionSpec } from "../action-spec";
import { createDestination } from "./create-destination";
import { deleteDestination, setDestinationPaused } from "./manage-destination";
import { replayDestination } from "./replay-destination";
import { createDestinationInput, destinationIdInput, pauseDestinationInput, replayDestinationInput } from "./schema";
import { sendTest } from "./send-test";
import type { CreatedDestination, TestResult } from "./view";
import { displayUrl } from "./read";

// The specs of the destination actions: lib/actions/destinations.ts binds each to the wrapper in
// one line. No secret is ever in an audit record: a DingTalk secret is left out of the params,
// a webhook's (made here) out of the result.

export const createDestinationSpec = {
  name: "destination.create",
  input: createDestinationInput,
  audit: "event",
  target: (i) => ({ type: "destination", id: i.destinationId }),
  auditParams: (i) => ({
    name: i.name,
    kind: i.kind,
    url: displayUrl(i.kind, i.url),
    language: i.language,
    auditStream: i.auditStream,
    notifications: i.notifications,
    filter: i.filter,
  }),
  auditResult: () => null,
  handler: (i, ctx) => createDestination(ctx.db, i),
} satisfies ActionSpec<typeof createDestinationInput, CreatedDestination>;

export const setDestinationPausedSpec = {
  name: (i) => (i.paused ? "destination.pause" : "destination.resume"),
  refusedName: "destination.set_paused",
  input: pauseDestinationInput,
  audit: "event",
  target: (i) => ({ type: "destination", id: i.destinationId }),
  handler: (i, ctx) => setDestinationPaused(ctx.db, i.destinationId, i.paused),
} satisfies ActionSpec<typeof pauseDestinationInput, { destinationId: string; paused: boolean }>;

export const deleteDestinationSpec = {
  name: "destination.delete",
  input: destinationIdInput,
  audit: "event",
  target: (i) => ({ type: "destination", id: i.destinationId }),
  auditResult: (r) => r,
  handler: (i, ctx) => deleteDestination(ctx.db, i.destinationId),
} satisfies ActionSpec<typeof destinationIdInput, { name: string; kind: string }>;

/** Audited as an operation: requested before the message goes out, completed with the receiver's answer. */
export const testDestinationSpec = {
  name: "destination.test",
  input: destinationIdInput,
  target: (i) => ({ type: "destination", id: i.destinationId }),
  auditResult: (r) => ({ ok: r.ok, status: r.status, latencyMs: r.latencyMs, error: r.error }),
  handler: (i, ctx) => sendTest(ctx.db, i.destinationId),
} satisfies ActionSpec<typeof destinationIdInput, TestResult>;

export const replayDestinationSpec = {
  name: "destination.replay",
  input: replayDestinationInput,
  audit: "event",
  target: (i) => ({ type: "destination", id: i.destinationId }),
  auditResult: (r) => r,
  handler: (i, ctx) => replayDestination(ctx.db, i),
} satisfies ActionSpec<typeof replayDestinationInput, { fromSeq: number }>;

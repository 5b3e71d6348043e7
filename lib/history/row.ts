import type { RowOutcome } from "@/lib/audit/filter-params";

/** A value as the page shows it: pretty JSON, cut to a bound. */
export interface Preview {
  text: string;
  truncated: boolean;
}

export interface EventPreview {
  id: number;
  at: string;
  json: Preview;
}

/** What the resolution pass found for an operation whose outcome was `unknown` (its `resolved` event). */
export interface ResolutionView {
  /** `applied`: ENS shows the change was made; `not applied`: it was not; `unknown`: ENS cannot tell. */
  found: "applied" | "not applied" | "unknown";
  /** ISO time of the `resolved` event. */
  at: string;
  /** What the console saw, in a sentence (e.g. "the instance is rebooting"). */
  reason: string;
}

/** One operation as the browser receives it (see view.ts): redacted and bounded. */
export interface HistoryRow {
  operationId: string;
  at: string;
  actorEmail: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: RowOutcome;
  errorCode: string | null;
  errorMessage: string | null;
  ensRequestId: string | null;
  durationMs: number | null;
  sourceIp: string | null;
  bulkId: string | null;
  /** One line about the params. */
  summary: string;
  params: Preview | null;
  result: Preview | null;
  requested: EventPreview | null;
  completed: EventPreview | null;
  /** Set when an `unknown` outcome was checked against ENS afterwards. */
  resolution: ResolutionView | null;
  resolved: EventPreview | null;
  /** Fields withheld from this viewer, to say so instead of showing a blank. */
  hidden: string[];
}

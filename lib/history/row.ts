import type { OperationSummary } from "@/lib/audit/operation-summary";

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
export interface HistoryRow extends Omit<OperationSummary, "params" | "result"> {
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

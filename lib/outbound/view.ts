// What /settings/destinations renders: destinations without their secrets, their state and their
// delivery log. Client-safe.

export type DestinationKind = "webhook" | "dingtalk" | "slack";

export interface DestinationView {
  id: string;
  name: string;
  kind: DestinationKind;
  /** Scheme, host and path only: a query or a Slack path holds a token. */
  url: string;
  language: "en" | "zh-CN";
  auditStream: boolean;
  notifications: boolean;
  filter: string[];
  /** `failing`: the latest attempt failed and it is retried with backoff. */
  state: "active" | "paused" | "failing";
  /** The audit stream's cursor: every event up to this chain position is delivered. */
  lastSeq: number;
  /** Seconds since the oldest event not yet delivered was written; 0 when caught up. */
  lagSeconds: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  failingSince: string | null;
  retryAt: string | null;
  createdAt: string;
}

export interface DeliveryView {
  at: string;
  stream: "audit" | "notification";
  seq: number;
  eventId: string;
  outcome: "delivered" | "failed" | "dead";
  status: number | null;
  latencyMs: number | null;
  attempts: number;
  error: string | null;
}

/** What Save answers: the new destination, and a webhook's signing secret, shown this once. */
export interface CreatedDestination {
  destinationId: string;
  secret: string | null;
}

/** What Send test shows: the receiver's answer. */
export interface TestResult {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  error: string | null;
  /** The start of the receiver's answer body. */
  answer: string;
}

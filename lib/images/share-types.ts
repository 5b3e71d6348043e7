// Result shapes of a share; safe to import on the client.

export interface ShareBatchResult {
  users: string[];
  ok: boolean;
  code?: string;
  message?: string;
  requestId?: string;
  /** The batch failed in a way that leaves open whether ENS shared it all the same. */
  uncertain?: boolean;
}

export interface ShareOutcome {
  imageId: string;
  total: number;
  shared: number;
  failed: number;
  batches: ShareBatchResult[];
}

export function isShareOutcome(v: unknown): v is ShareOutcome {
  return !!v && typeof v === "object" && Array.isArray((v as ShareOutcome).batches);
}

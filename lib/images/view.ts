import type { ActionError } from "../errors";
import type { AicImage } from "../ens/types";

// What the image pages render: camelCase view models, never ENS's records. Client-safe.

/** One AIC image as the list and the share page show it. Descriptions come from ENS and may hold markup: render as text. */
export interface ImageView {
  id: string;
  /** ENS's status (available, verifying, disable), or null when ENS gave none. */
  status: string | null;
  createdAt: string | null;
  androidVersion: string | null;
  description: string | null;
  url: string | null;
}

export function toImageView(image: AicImage): ImageView {
  return {
    id: image.ImageId,
    status: image.Status ?? null,
    createdAt: image.CreationTime ?? null,
    androidVersion: image.AndroidVersion ?? null,
    description: image.Description || null,
    url: image.ImageUrl || null,
  };
}

/** The image list page: the images, or why ENS did not return them. */
export type ImageListView = { ok: true; images: ImageView[] } | { ok: false; error: ActionError };

/** One row of an image's share history: this console's share operations, from the audit log. */
export interface ShareHistoryRow {
  operationId: string;
  at: string;
  actorEmail: string | null;
  users: string[];
  /** null while the operation has no completed event (still running, or the server died mid-way). */
  outcome: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  ensRequestId: string | null;
}

/** One ENS call of a share (at most ENS_SHARE_BATCH user IDs). */
export interface ShareBatchResult {
  users: string[];
  ok: boolean;
  code?: string;
  message?: string;
  requestId?: string;
  /** The batch failed in a way that leaves open whether ENS shared it all the same. */
  uncertain?: boolean;
}

/** A share's result: on a failure, the error's details carry the same shape. */
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

import "server-only";
import { sql } from "drizzle-orm";
import { sharedReadCache } from "../abuse/read-caches";
import { getDb, queryRows, type Db } from "../db/client";
import { ens, type AicImage, type AicImageFilter, type EnsClient } from "../ens";
import { toActionError, upstreamFailure } from "../errors";
import { toImageView, type ImageListView, type ImageView, type ShareHistoryRow } from "./view";

// The image pages' server reads: the list (shared briefly), one image, and its share history.

export const IMAGE_STATUSES = ["available", "verifying", "disable"] as const;
export const IMAGE_TYPES = ["public", "private"] as const;

export interface ImageListQuery {
  status?: (typeof IMAGE_STATUSES)[number];
  type?: (typeof IMAGE_TYPES)[number];
  q?: string;
}

const pick = <T extends string>(v: unknown, allowed: readonly T[]): T | undefined =>
  typeof v === "string" && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;

/** The list's view state from the URL; unknown values are ignored rather than sent to ENS. */
export function parseImageQuery(sp: Record<string, string | string[] | undefined>): ImageListQuery {
  const q = typeof sp.q === "string" ? sp.q.trim().slice(0, 128) : "";
  return { status: pick(sp.status, IMAGE_STATUSES), type: pick(sp.type, IMAGE_TYPES), q: q || undefined };
}

/** Status and type go to ENS; the id search is a case-insensitive substring match done here. */
export async function listImages(
  client: EnsClient,
  query: ImageListQuery,
  load = (c: EnsClient, f: AicImageFilter) => c.listAllAicImages(f),
): Promise<AicImage[]> {
  const filter: AicImageFilter = {};
  if (query.status) filter.Status = query.status;
  if (query.type) filter.ImageType = query.type;
  const images = await load(client, filter);
  const needle = query.q?.toLowerCase();
  const shown = needle ? images.filter((i) => i.ImageId.toLowerCase().includes(needle)) : images;
  return [...shown].sort((a, b) => (b.CreationTime ?? "").localeCompare(a.CreationTime ?? ""));
}

const imagesCache = () => sharedReadCache<AicImage[]>("images");

/**
 * The image list page's read: ENS listings are shared briefly per status and type (at most
 * 3 × 3 keys, whatever the search), so reloading viewers cost one listing per period.
 */
export function listImagesCached(query: ImageListQuery): Promise<AicImage[]> {
  const listing = (c: EnsClient, f: AicImageFilter) =>
    imagesCache().get(`${f.Status ?? ""}|${f.ImageType ?? ""}`, () => c.listAllAicImages(f));
  return listImages(ens(), query, listing);
}

/**
 * What the image list page renders: the images, or why ENS did not return them. Anything that is
 * not an ENS failure is a bug and goes on to the error boundary.
 */
export async function loadImageList(
  query: ImageListQuery,
  list: (q: ImageListQuery) => Promise<AicImage[]> = listImagesCached,
): Promise<ImageListView> {
  try {
    return { ok: true, images: (await list(query)).map(toImageView) };
  } catch (e) {
    if (!upstreamFailure(e)) throw e;
    return { ok: false, error: toActionError(e) };
  }
}

/** One image by exact id, or null. */
export async function findImage(client: EnsClient, imageId: string): Promise<ImageView | null> {
  const res = await client.describeAicImages({ ImageId: imageId, PageSize: 10 });
  const image = res.Images?.find((i) => i.ImageId === imageId);
  return image ? toImageView(image) : null;
}

/** The share page's reads: the image as ENS lists it (null when ENS has none) and this console's shares of it. */
export async function readShareImagePage(imageId: string): Promise<{ image: ImageView | null; history: ShareHistoryRow[] }> {
  const [image, history] = await Promise.all([findImage(ens(), imageId), getDb().then((db) => shareHistory(db, imageId))]);
  return { image, history };
}

interface ShareHistoryRaw {
  operation_id: string;
  at: Date | string;
  actor_email: string | null;
  params: unknown;
  outcome: string | null;
  error_code: string | null;
  error_message: string | null;
  ens_request_id: string | null;
}

function usersOf(params: unknown): string[] {
  const p = (typeof params === "string" ? JSON.parse(params) : params) as { users?: unknown } | null;
  return Array.isArray(p?.users) ? p.users.filter((u): u is string => typeof u === "string") : [];
}

/** This image's share operations from the audit log, requested and completed joined, newest first. */
export async function shareHistory(db: Db, imageId: string, limit = 50): Promise<ShareHistoryRow[]> {
  const rows = await queryRows<ShareHistoryRaw>(
    db,
    sql`SELECT operation_id,
               min(at) AS at,
               max(actor_email) AS actor_email,
               (array_agg(params ORDER BY id))[1] AS params,
               max(outcome) FILTER (WHERE phase = 'completed') AS outcome,
               max(error_code) AS error_code,
               max(error_message) AS error_message,
               max(ens_request_id) AS ens_request_id
          FROM audit_events
         WHERE action = 'image.share' AND target_id = ${imageId}
         GROUP BY operation_id
         ORDER BY min(at) DESC, operation_id
         LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    operationId: r.operation_id,
    at: new Date(r.at).toISOString(),
    actorEmail: r.actor_email,
    users: usersOf(r.params),
    outcome: r.outcome,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    ensRequestId: r.ens_request_id,
  }));
}

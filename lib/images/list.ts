import "server-only";
import { readCaches } from "@/lib/abuse/read-caches";
import { ens, type AicImage, type AicImageFilter, type EnsClient } from "@/lib/ens";
import { toActionError, upstreamFailure, type ActionError } from "@/lib/errors";

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

/**
 * The image list page's read: ENS listings are shared briefly per status and type (at most
 * 3 × 3 keys, whatever the search), so reloading viewers cost one listing per period.
 */
export function listImagesCached(query: ImageListQuery): Promise<AicImage[]> {
  const listing = (c: EnsClient, f: AicImageFilter) =>
    readCaches().images.get(`${f.Status ?? ""}|${f.ImageType ?? ""}`, () => c.listAllAicImages(f));
  return listImages(ens(), query, listing);
}

export type ImageListView = { ok: true; images: AicImage[] } | { ok: false; error: ActionError };

/**
 * What the image list page renders: the images, or why ENS did not return them. Anything that is
 * not an ENS failure is a bug and goes on to the error boundary.
 */
export async function loadImageList(
  query: ImageListQuery,
  list: (q: ImageListQuery) => Promise<AicImage[]> = listImagesCached,
): Promise<ImageListView> {
  try {
    return { ok: true, images: await list(query) };
  } catch (e) {
    if (!upstreamFailure(e)) throw e;
    return { ok: false, error: toActionError(e) };
  }
}

/** One image by exact id, or null. */
export async function findImage(client: EnsClient, imageId: string): Promise<AicImage | null> {
  const res = await client.describeAicImages({ ImageId: imageId, PageSize: 10 });
  return res.Images?.find((i) => i.ImageId === imageId) ?? null;
}

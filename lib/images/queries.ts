import "server-only";
import { getDb } from "../db/client";
import { ens } from "../ens";
import { findImage } from "./list";
import { shareHistory } from "./share-history";

/** The share page's reads: the image as ENS lists it (null when ENS has none) and this console's shares of it. */
export async function readShareImagePage(imageId: string) {
  const [image, history] = await Promise.all([findImage(ens(), imageId), getDb().then((db) => shareHistory(db, imageId))]);
  return { image, history };
}

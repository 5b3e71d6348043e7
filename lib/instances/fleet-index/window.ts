import { z } from "../../validation/zod";

/** Rows per request: a screenful and the rows around it; the table asks for the next as it scrolls. */
export const PAGE_ROWS = 100;
export const MAX_ROWS = 1000;

/** The window `/api/fleet` takes beside the view: `offset`, `limit`, `facets=1`, `fresh=1`. */
export const fleetWindowInput = z.object({
  offset: z.coerce.number().int("offset: a whole number").min(0, "offset: 0 or more").max(10_000_000).default(0),
  limit: z.coerce
    .number()
    .int("limit: a whole number")
    .min(1, "limit: 1 or more")
    .max(MAX_ROWS, `limit: at most ${MAX_ROWS}`)
    .default(MAX_ROWS),
  facets: z.enum(["0", "1"]).default("0"),
  fresh: z.enum(["0", "1"]).default("0"),
});

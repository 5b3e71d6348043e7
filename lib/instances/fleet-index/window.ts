import { z } from "../../validation/zod";
import { MAX_ROWS } from "./page-size";

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

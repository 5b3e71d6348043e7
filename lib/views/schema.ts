import { z } from "../validation/zod";
import type { ExampleInputs } from "../action-spec";
import { plainText } from "../validation/plain-text";
import { normalizeQuery } from "./view";

/** A view's name: what the Views menu lists, unique per owner. */
export const VIEW_NAME_MAX = 80;
/** A view's query: the list's URL parameters. */
export const VIEW_QUERY_MAX = 2000;

const viewName = plainText(z.string().trim().min(1, "Required.").max(VIEW_NAME_MAX, `At most ${VIEW_NAME_MAX} characters.`));
const viewId = z.string().uuid("A view id.");

/**
 * Save view: a name, the list's URL parameters (kept as /instances reads them: unknown parameters
 * dropped, the rest in the list's own order), private or shared with everyone. The view's id is
 * fixed at parse, so view.save names it as its target.
 */
export const saveViewInput = z
  .strictObject({
    name: viewName,
    query: plainText(z.string().max(VIEW_QUERY_MAX, `At most ${VIEW_QUERY_MAX} characters.`))
      .transform(normalizeQuery)
      .pipe(z.string().max(VIEW_QUERY_MAX, `At most ${VIEW_QUERY_MAX} characters.`)),
    shared: z.boolean().default(false),
  })
  .transform((v) => ({ ...v, viewId: crypto.randomUUID() }));
export type SaveViewInput = z.output<typeof saveViewInput>;

export const renameViewInput = z.strictObject({ viewId, name: viewName });
export type RenameViewInput = z.output<typeof renameViewInput>;

export const deleteViewInput = z.strictObject({ viewId });
export type DeleteViewInput = z.output<typeof deleteViewInput>;

export const exampleInputs = {
  "view.save": { name: "Open logins by name", query: "login=open&sort=name", shared: false },
  "view.rename": { viewId: "00000000-0000-4000-8000-000000000000", name: "Open logins" },
  "view.delete": { viewId: "00000000-0000-4000-8000-000000000000" },
} satisfies ExampleInputs;

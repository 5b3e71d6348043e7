import "server-only";
import type { ActionSpec } from "../action-spec";
import { deleteView } from "./delete-view";
import { renameView } from "./rename-view";
import { saveView, type SavedViewResult } from "./save-view";
import { deleteViewInput, renameViewInput, saveViewInput } from "./schema";

// The specs of saved views: lib/actions/views.ts binds each to the wrapper in one line. No ENS
// call: each is one audited event.

export const saveViewSpec = {
  name: "view.save",
  input: saveViewInput,
  audit: "event",
  target: (i) => ({ type: "view", id: i.viewId }),
  auditParams: (i) => ({ name: i.name, query: i.query, shared: i.shared }),
  handler: (i, ctx) => saveView(ctx.db, i, { id: ctx.user.id, email: ctx.user.email }),
} satisfies ActionSpec<typeof saveViewInput, SavedViewResult>;

export const renameViewSpec = {
  name: "view.rename",
  input: renameViewInput,
  audit: "event",
  target: (i) => ({ type: "view", id: i.viewId }),
  auditResult: (r) => ({ previousName: r.previousName }),
  handler: (i, ctx) => renameView(ctx.db, i, ctx.user),
} satisfies ActionSpec<typeof renameViewInput, { viewId: string; name: string; previousName: string }>;

export const deleteViewSpec = {
  name: "view.delete",
  input: deleteViewInput,
  audit: "event",
  target: (i) => ({ type: "view", id: i.viewId }),
  auditResult: (r) => ({ name: r.name }),
  handler: (i, ctx) => deleteView(ctx.db, i.viewId, ctx.user),
} satisfies ActionSpec<typeof deleteViewInput, { viewId: string; name: string; ownerId: string }>;

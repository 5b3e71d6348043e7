import type { Params } from "../params";
import type { EmulatorState } from "../state";

export interface ActionContext {
  state: EmulatorState;
  now: number;
}

/**
 * A success body already serialized: the members of the JSON object without its braces. Lets a
 * handler answer a repeated listing without serializing 200 KB again (the server adds RequestId).
 */
export class RawJson {
  constructor(readonly members: string) {}
}

/** Returns the success body without RequestId (the server adds it first). Throws ApiError on failure. */
export type ActionHandler = (p: Params, ctx: ActionContext) => Record<string, unknown> | RawJson;

/** Paging limits shared by every paged action: PageNumber ≥ 1, PageSize 1..100 (default 1 / 10). */
export function paging(p: Params): { pageNumber: number; pageSize: number } {
  // Choice (UNCONFIRMED): PageSize > 100 (or < 1) answers InvalidParameter.PageSize instead of clamping.
  return { pageNumber: p.int("PageNumber", 1, 2_147_483_647, 1), pageSize: p.int("PageSize", 1, 100, 10) };
}

import "server-only";
import type { HistoryViewer, PageOptions } from "../audit/query";
import { getDb } from "../db/client";
import type { HistoryFilter } from "../audit/filter";
import type { HistoryRow } from "./row";
import { getHistoryRow, listHistory, type HistoryPage } from "./view";

/** One page of the history for the pages that show it: the History page, an instance's history. */
export async function readHistoryPage(viewer: HistoryViewer, filter: HistoryFilter, opts: PageOptions = {}): Promise<HistoryPage> {
  return listHistory(await getDb(), viewer, filter, opts);
}

/** One operation for its detail page, or null when no operation has this id. */
export async function readHistoryOperation(viewer: HistoryViewer, operationId: string): Promise<HistoryRow | null> {
  return getHistoryRow(await getDb(), viewer, operationId);
}

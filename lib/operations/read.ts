import "server-only";
import type { ActiveUser } from "../auth/session";
import { getDb } from "../db/client";
import type { OperationListFilter } from "./schema";
import type { ItemState, OperationDetailView, OperationListView } from "./types";
import { operationDetail, operationList } from "./view";

// What pages and read routes call: every role may read operations (the permission is checked by
// the page's session and by readRoute).

export async function listOperations(_viewer: ActiveUser, filter: OperationListFilter): Promise<OperationListView> {
  return operationList(await getDb(), filter);
}

export async function readOperation(_viewer: ActiveUser, id: string, items?: ItemState): Promise<OperationDetailView | null> {
  return operationDetail(await getDb(), id, items);
}

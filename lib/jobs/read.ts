import "server-only";
import type { ActiveUser } from "../auth/session";
import { getDb } from "../db/client";
import type { JobListFilter } from "./schema";
import type { ItemState, JobDetailView, JobListView } from "./types";
import { jobDetail, jobList } from "./view";

// What pages and read routes call: every role may read jobs (the permission is checked by
// the page's session and by readRoute).

export async function listJobs(_viewer: ActiveUser, filter: JobListFilter): Promise<JobListView> {
  return jobList(await getDb(), filter);
}

export async function readJob(_viewer: ActiveUser, id: string, items?: ItemState): Promise<JobDetailView | null> {
  return jobDetail(await getDb(), id, items);
}

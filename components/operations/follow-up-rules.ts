import type { JobDetailView } from "@/lib/jobs/types";

/** What the follow-up buttons read of an operation. */
export type Op = Pick<JobDetailView, "id" | "kind" | "state" | "counts" | "startedBySystem">;

/** Whether the operation has ended and was started by a person: only then may it be followed up. */
const ended = (op: Op) => (op.state === "finished" || op.state === "cancelled") && !op.startedBySystem;
/** `Retry failed`: an ended operation with failed items. */
export const canRetry = (op: Op) => ended(op) && op.counts.failed > 0;
/** `Revert`: an ended open or close of logins (an offboarding is its own kind) that changed something. */
export const canRevert = (op: Op) => ended(op) && (op.kind === "login.open" || op.kind === "login.close") && op.counts.ok > 0;

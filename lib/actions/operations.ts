"use server";

import { cancelJobSpec, retryFailedSpec, revertJobSpec, startLoginJobSpec, startPowerJobSpec } from "../jobs/actions";
import { action } from "./action";

/** Opens or closes login on many instances as one job on the engine; returns the operation's id at once. */
export const startLoginOperation = action(startLoginJobSpec);
/** Reboots or resets one instance or many as one job on the engine. */
export const startPowerOperation = action(startPowerJobSpec);
/** Stops the items of an operation that have not started; those in flight complete and are recorded. */
export const cancelOperation = action(cancelJobSpec);
/** A new operation over the failed items of a finished one, linked to it. */
export const retryFailedItems = action(retryFailedSpec);
/** Undoes what a finished login operation changed and is still as it left it. */
export const revertOperation = action(revertJobSpec);

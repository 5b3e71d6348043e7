"use server";

import { cancelOperationSpec, startLoginOperationSpec, startPowerOperationSpec } from "../operations/actions";
import { action } from "./action";

/** Opens or closes login on many instances as one job on the engine; returns the operation's id at once. */
export const startLoginOperation = action(startLoginOperationSpec);
/** Reboots or resets one instance or many as one job on the engine. */
export const startPowerOperation = action(startPowerOperationSpec);
/** Stops the items of an operation that have not started; those in flight complete and are recorded. */
export const cancelOperation = action(cancelOperationSpec);

"use server";

import { approveRequestSpec, breakGlassSpec, cancelRequestSpec, createRequestSpec } from "../requests/actions";
import { denyRequestSpec, reviewBreakGlassSpec, updatePolicySpec } from "../requests/actions";
import { action } from "./action";

export const createAccessRequest = action(createRequestSpec);
export const approveAccessRequest = action(approveRequestSpec);
export const denyAccessRequest = action(denyRequestSpec);
export const cancelAccessRequest = action(cancelRequestSpec);
export const breakGlassLogin = action(breakGlassSpec);
export const reviewBreakGlass = action(reviewBreakGlassSpec);
export const updateAccessPolicy = action(updatePolicySpec);

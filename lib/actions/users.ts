"use server";

import { createUserSpec, offboardUserSpec, resetPasswordSpec } from "../users/actions";
import { setLanguageSpec, setUserDisabledSpec, setUserRoleSpec } from "../users/actions";
import { action } from "./action";

export const setUserRole = action(setUserRoleSpec);
export const setUserDisabled = action(setUserDisabledSpec);
export const createConsoleUser = action(createUserSpec);
export const resetUserPassword = action(resetPasswordSpec);
export const setLanguage = action(setLanguageSpec);
export const offboardUser = action(offboardUserSpec);

"use server";

import { createUserSpec, setLanguageSpec, setUserDisabledSpec, setUserRoleSpec } from "../users/user-actions";
import { action } from "./action";

export const setUserRole = action(setUserRoleSpec);
export const setUserDisabled = action(setUserDisabledSpec);
export const createConsoleUser = action(createUserSpec);
export const setLanguage = action(setLanguageSpec);

import { z } from "./zod";
import { ROLES } from "../roles";
import { LOCALES } from "../i18n/locales";

export const userEmail = z.string().trim().toLowerCase().email("Enter a valid email address.").max(320);
export const roleSchema = z.enum(ROLES);

export const setUserRoleInput = z.strictObject({ email: userEmail, role: roleSchema });
export const setUserDisabledInput = z.strictObject({ email: userEmail, disabled: z.boolean() });
export const createUserInput = z.strictObject({ email: userEmail, role: roleSchema });
export const setLanguageInput = z.strictObject({ locale: z.enum(LOCALES) });

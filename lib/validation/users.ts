import { z } from "./zod";
import { ROLES } from "../roles";

export const userEmail = z.string().trim().toLowerCase().email("Enter a valid email address.").max(320);
export const roleSchema = z.enum(ROLES);

export const setUserRoleInput = z.strictObject({ email: userEmail, role: roleSchema });
export const setUserDisabledInput = z.strictObject({ email: userEmail, disabled: z.boolean() });
export const createUserInput = z.strictObject({ email: userEmail, role: roleSchema });

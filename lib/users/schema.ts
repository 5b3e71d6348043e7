import { z } from "../validation/zod";
import type { ExampleInputs } from "../action-spec";
import { LOCALES } from "../i18n/locales";
import { ROLES } from "../roles";

// The inputs of the user actions, parsed by the Users page and again by the actions.

export const userEmail = z.string().trim().toLowerCase().email("Enter a valid email address.").max(320);
export const roleSchema = z.enum(ROLES);

export const setUserRoleInput = z.strictObject({ email: userEmail, role: roleSchema });
export const setUserDisabledInput = z.strictObject({ email: userEmail, disabled: z.boolean() });
export const createUserInput = z.strictObject({ email: userEmail, role: roleSchema });
/** An admin resets another user's password: the console generates the new one and shows it once. */
export const resetPasswordInput = z.strictObject({ email: userEmail });
export const setLanguageInput = z.strictObject({ locale: z.enum(LOCALES) });
/** `Revoke all access`: an admin starts a user's offboarding (lib/offboarding) without disabling them. */
export const offboardUserInput = z.strictObject({ email: userEmail });

export const exampleInputs = {
  "user.set_role": { email: "someone@hostile.test", role: "viewer" },
  "user.set_disabled": { email: "someone@hostile.test", disabled: true },
  "user.create": { email: "someone@hostile.test", role: "viewer" },
  "user.set_password": { email: "someone@hostile.test" },
  "user.set_language": { locale: "zh-CN" },
  "user.offboard": { email: "someone@hostile.test" },
} satisfies ExampleInputs;

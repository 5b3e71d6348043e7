import "server-only";
import type { ActionSpec } from "../action-spec";
import { createUserInput, setLanguageInput, setUserDisabledInput, setUserRoleInput } from "../validation/users";
import { addUser, setDisabled, setRole } from "./manage-users";
import { setOwnLanguage } from "./set-language";

// `operation`: the `requested` event is written before the change, so a change is never made
// that the log cannot record (see manage-users.ts).

export const setUserRoleSpec = {
  name: "user.set_role",
  permission: "users.manage",
  input: setUserRoleInput,
  audit: "operation",
  target: (i) => ({ type: "user", id: i.email }),
  handler: (i, ctx) => setRole(ctx.db, ctx.user.id, i.email, i.role),
} satisfies ActionSpec<typeof setUserRoleInput, unknown>;

export const setUserDisabledSpec = {
  name: (i) => (i.disabled ? "user.disable" : "user.enable"),
  refusedName: "user.set_disabled",
  permission: "users.manage",
  input: setUserDisabledInput,
  audit: "operation",
  target: (i) => ({ type: "user", id: i.email }),
  handler: (i, ctx) => setDisabled(ctx.db, ctx.user.id, i.email, i.disabled),
} satisfies ActionSpec<typeof setUserDisabledInput, unknown>;

export const createUserSpec = {
  name: "user.create",
  permission: "users.manage",
  input: createUserInput,
  audit: "operation",
  target: (i) => ({ type: "user", id: i.email }),
  // The generated password is shown once to the admin, never kept in the log.
  auditResult: () => null,
  handler: (i, ctx) => addUser(ctx.db, i.email, i.role),
} satisfies ActionSpec<typeof createUserInput, unknown>;

export const setLanguageSpec = {
  name: "user.set_language",
  permission: "self.preferences",
  input: setLanguageInput,
  audit: "event",
  handler: (i, ctx) => setOwnLanguage(ctx.db, ctx.user.id, i.locale),
} satisfies ActionSpec<typeof setLanguageInput, unknown>;

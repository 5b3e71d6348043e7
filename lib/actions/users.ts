"use server";

import { addUser, setDisabled, setRole } from "../users/manage-users";
import { createUserInput, setUserDisabledInput, setUserRoleInput } from "../validation/users";
import { action } from "./action";

export const setUserRole = action({
  name: "user.set_role",
  permission: "users.manage",
  input: setUserRoleInput,
  audit: "event",
  target: (i) => ({ type: "user", id: i.email }),
  handler: (i, ctx) => setRole(ctx.db, ctx.user.id, i.email, i.role),
});

export const setUserDisabled = action({
  name: (i) => (i.disabled ? "user.disable" : "user.enable"),
  refusedName: "user.set_disabled",
  permission: "users.manage",
  input: setUserDisabledInput,
  audit: "event",
  target: (i) => ({ type: "user", id: i.email }),
  handler: (i, ctx) => setDisabled(ctx.db, ctx.user.id, i.email, i.disabled),
});

export const createConsoleUser = action({
  name: "user.create",
  permission: "users.manage",
  input: createUserInput,
  audit: "event",
  target: (i) => ({ type: "user", id: i.email }),
  handler: (i, ctx) => addUser(ctx.db, i.email, i.role),
});

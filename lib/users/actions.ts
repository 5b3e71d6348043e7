import "server-only";
import type { ActionSpec } from "../action-spec";
import { createUser } from "./create-user";
import { resetPassword } from "./reset-password";
import { enqueueRecorded } from "../jobs/start-job";
import { logger } from "../log/logger";
import { offboardUser, type OffboardResult } from "../offboarding/offboard-user";
import { startOffboarding } from "../offboarding/start-offboarding";
import { createUserInput, offboardUserInput, resetPasswordInput, setLanguageInput, setUserDisabledInput, setUserRoleInput } from "./schema";
import { setOwnLanguage } from "./set-language";
import { setUserDisabled } from "./set-user-disabled";
import { setUserRole } from "./set-user-role";

const log = logger("users");

// The specs of the user actions: lib/actions/users.ts binds each to the wrapper in one line.
// `operation`: the `requested` event is written before the change, which runs in its own
// transaction, and `completed` after: a change is never made that the log cannot record, and one
// whose `completed` write fails stays open until it is closed as `unknown`, never a "failure" for
// a change that happened.

export const setUserRoleSpec = {
  name: "user.set_role",
  input: setUserRoleInput,
  audit: "operation",
  target: (i) => ({ type: "user", id: i.email }),
  handler: (i, ctx) => setUserRole(ctx.db, i, ctx.user.id),
} satisfies ActionSpec<typeof setUserRoleInput, unknown>;

export const setUserDisabledSpec = {
  name: (i) => (i.disabled ? "user.disable" : "user.enable"),
  refusedName: "user.set_disabled",
  input: setUserDisabledInput,
  audit: "operation",
  target: (i) => ({ type: "user", id: i.email }),
  handler: async (i, ctx) => {
    // A disable starts the user's offboarding (recorded with the disable); its job is recorded
    // here right after the disable's own record, else by the offboarding pass.
    const r = await setUserDisabled(ctx.db, i, ctx.user.id, { operationId: ctx.operationId });
    const start = r.offboarding;
    if (start)
      ctx.afterAudit(() =>
        startOffboarding(
          ctx.db,
          ctx.ens(),
          {
            operationId: start.operationId,
            user: { id: start.userId, email: r.email },
            cause: "user.disable",
            causeOperationId: ctx.operationId,
          },
          { enqueueRecorded },
        ).catch((e) => log.warn({ err: e, email: r.email }, "offboarding not started here; the offboarding pass will")),
      );
    return { email: r.email, disabled: r.disabled, offboardingOperationId: start?.operationId ?? null };
  },
} satisfies ActionSpec<typeof setUserDisabledInput, unknown>;

/**
 * `Revoke all access`: an admin starts a user's offboarding (their logins with personal keys
 * closed, the keys deleted, pending requests cancelled) without disabling them. The job's id is
 * this action's audit operation. Nothing left to take: no job (`operationId` null).
 */
export const offboardUserSpec = {
  name: "user.offboard",
  input: offboardUserInput,
  audit: "event",
  target: (i) => ({ type: "user", id: i.email }),
  auditParams: (i) => ({ email: i.email, cause: "manual" }),
  auditResult: (r) => r,
  handler: (i, ctx) => offboardUser(ctx.db, ctx.ens(), i.email, ctx.operationId, { enqueueRecorded }),
} satisfies ActionSpec<typeof offboardUserInput, OffboardResult>;

export const createUserSpec = {
  name: "user.create",
  input: createUserInput,
  audit: "operation",
  target: (i) => ({ type: "user", id: i.email }),
  // The generated password is shown once to the admin, never kept in the log.
  auditResult: () => null,
  handler: (i, ctx) => createUser(ctx.db, i),
} satisfies ActionSpec<typeof createUserInput, unknown>;

/** An admin gives another user a one-time password, shown once; the user's sessions end. */
export const resetPasswordSpec = {
  name: "user.set_password",
  input: resetPasswordInput,
  audit: "operation",
  target: (i) => ({ type: "user", id: i.email }),
  // The log keeps whose password was reset, never the password (not in the result either).
  auditParams: (i) => ({ email: i.email }),
  auditResult: () => null,
  handler: (i, ctx) => resetPassword(ctx.db, i, ctx.user.id),
} satisfies ActionSpec<typeof resetPasswordInput, unknown>;

export const setLanguageSpec = {
  name: "user.set_language",
  input: setLanguageInput,
  audit: "event",
  handler: (i, ctx) => setOwnLanguage(ctx.db, ctx.user.id, i.locale),
} satisfies ActionSpec<typeof setLanguageInput, unknown>;

import { describe, expect, it } from "vitest";
import type { ActionSpec } from "@/lib/action-spec";
import { z } from "@/lib/validation/zod";

// An action is named once, in the audit registry: a spec naming anything else does not compile
// (`npx tsc --noEmit`, part of `npm test`), and its permission is the registry's, not the spec's.
const input = z.strictObject({ email: z.string() });
const handler = async () => null;

export const named = { name: "user.set_password", input, handler } satisfies ActionSpec<typeof input, null>;

// @ts-expect-error a misspelt name is not in the registry
export const misspelt = { name: "user.set_pasword", input, handler } satisfies ActionSpec<typeof input, null>;

// @ts-expect-error sign-in is the console's own event: no caller's action may carry it
export const notCallable = { name: "auth.sign_in", input, handler } satisfies ActionSpec<typeof input, null>;

// @ts-expect-error the permission comes from the registry; a spec cannot state its own
export const ownPermission = { name: "user.set_password", permission: "fleet.read", input, handler } satisfies ActionSpec<
  typeof input,
  null
>;

const choice = z.strictObject({ disabled: z.boolean() });
// @ts-expect-error a name that depends on the input needs the name its refusals are recorded under
export const noRefusedName = { name: (i) => (i.disabled ? "user.disable" : "user.enable"), input: choice, handler } satisfies ActionSpec<
  typeof choice,
  null
>;

describe("an action's name", () => {
  it("is checked by the compiler (the @ts-expect-error lines above fail tsc if they ever compile)", () => {
    expect(named.name).toBe("user.set_password");
  });
});

import { z } from "../validation/zod";
import { instanceId } from "../validation/login";
import { checkExpiry, durationMinutes, expiryFields, reason } from "../validation/login-expiry";

export { checkExpiry, durationMinutes, expiryFields, expiryFrom, reason } from "../validation/login-expiry";

/** Extend a login by a number of minutes (from its current expiry) or to a time; at most 24 h from now. */
export const extendLoginInput = z
  .strictObject({
    instanceId,
    byMinutes: durationMinutes.optional(),
    until: z.iso.datetime({ offset: true, message: "A date and time, e.g. 2026-12-02T18:30:00Z." }).optional(),
  })
  .refine((v) => (v.byMinutes === undefined) !== (v.until === undefined), {
    message: "Extend by a number of minutes or to a time.",
    path: ["byMinutes"],
  });
export type ExtendLoginInput = z.infer<typeof extendLoginInput>;

/** Adopt a login opened outside the console: the console then holds it like its own, with an expiry and a reason. */
export const adoptLoginInput = z
  .strictObject({ instanceId, ...expiryFields, reason })
  .superRefine((v, ctx) => checkExpiry({ ...v, action: "open" }, ctx));
export type AdoptLoginInput = z.infer<typeof adoptLoginInput>;

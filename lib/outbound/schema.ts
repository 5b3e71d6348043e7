import { z } from "../validation/zod";
import type { ExampleInputs } from "../action-spec";
import { plainText } from "../validation/plain-text";
import type { OutboundKind, OutboundLanguage } from "../db/schema";

// An outbound destination (/settings/destinations): where the console sends the audit stream
// and notifications. The form and the actions parse the same schema. Client-safe.

export const DESTINATION_KINDS = ["webhook", "dingtalk", "slack"] as const satisfies readonly OutboundKind[];
export const DESTINATION_LANGUAGES = ["en", "zh-CN"] as const satisfies readonly OutboundLanguage[];
/** Entries of a destination's filter (lib/outbound/filter.ts): action names (`login.open`), a feature's (`login.*`), notification kinds (`request_waiting`, `request_*`). */
export const FILTER_MAX = 50;
const FILTER_ENTRY = /^(?:[a-z]+\.(?:[a-z_]+|\*)|[a-z_]+\*?)$/;

const destinationId = z.string().uuid("A destination id.");

const url = z
  .string()
  .trim()
  .min(1, "Required.")
  .max(2000, "At most 2000 characters.")
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "A URL that starts with https:// (plain http:// only to hosts in CONSOLE_OUTBOUND_ALLOW).");

/**
 * The events a destination receives, as typed in the form: action names, `<feature>.*`, or
 * notification kinds, separated by commas or spaces. Empty: everything of the chosen streams.
 */
export const filterField = z
  .array(
    z
      .string()
      .trim()
      .max(64, "At most 64 characters.")
      .regex(FILTER_ENTRY, "Action names (login.open, login.*) or notification kinds (request_waiting)."),
  )
  .max(FILTER_MAX, `At most ${FILTER_MAX} entries.`)
  .default([]);

/** The form's filter text as the schema's list. */
export function filterList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The destination's id is fixed at parse, so its creation's audit record names it as its target. */
export const createDestinationInput = z
  .strictObject({
    name: plainText(z.string().trim().min(1, "Required.").max(80, "At most 80 characters.")),
    kind: z.enum(DESTINATION_KINDS),
    url,
    /** A DingTalk robot's own signing secret (its 加签 setting); webhooks get theirs from the console. */
    secret: plainText(z.string().trim().max(200, "At most 200 characters.")).optional(),
    language: z.enum(DESTINATION_LANGUAGES).default("en"),
    auditStream: z.boolean(),
    notifications: z.boolean(),
    filter: filterField,
  })
  .superRefine((v, ctx) => {
    if (!v.auditStream && !v.notifications)
      ctx.addIssue({ code: "custom", message: "Choose the audit stream, notifications or both.", path: ["auditStream"] });
    if (v.kind === "dingtalk" && !v.secret)
      ctx.addIssue({ code: "custom", message: "Required for DingTalk: the robot's signing secret (SEC…).", path: ["secret"] });
    if (v.kind !== "dingtalk" && v.secret)
      ctx.addIssue({
        code: "custom",
        message: "Only a DingTalk robot takes a secret here: the console makes a webhook's.",
        path: ["secret"],
      });
  })
  .transform((v) => ({ ...v, destinationId: crypto.randomUUID() }));
export type CreateDestinationInput = z.output<typeof createDestinationInput>;

export const destinationIdInput = z.strictObject({ destinationId });
export const pauseDestinationInput = z.strictObject({ destinationId, paused: z.boolean() });

/** Replay: the audit stream again from a sequence number (its chain position) or from a time. */
export const replayDestinationInput = z
  .strictObject({
    destinationId,
    fromSeq: z.number({ message: "A whole number." }).int("A whole number.").min(1, "At least 1.").max(Number.MAX_SAFE_INTEGER).optional(),
    fromTime: z.iso.datetime({ offset: true, message: "A date and time, e.g. 2026-12-08T02:00:00+08:00." }).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.fromSeq === undefined) === (v.fromTime === undefined))
      ctx.addIssue({ code: "custom", message: "Give a sequence number or a time, not both.", path: ["fromSeq"] });
  });
export type ReplayDestinationInput = z.output<typeof replayDestinationInput>;

export const exampleInputs = {
  "destination.create": {
    name: "SIEM",
    kind: "webhook",
    url: "https://siem.example.com/aic",
    auditStream: true,
    notifications: false,
  },
  "destination.set_paused": { destinationId: "00000000-0000-4000-8000-000000000000", paused: true },
  "destination.delete": { destinationId: "00000000-0000-4000-8000-000000000000" },
  "destination.test": { destinationId: "00000000-0000-4000-8000-000000000000" },
  "destination.replay": { destinationId: "00000000-0000-4000-8000-000000000000", fromSeq: 1 },
} satisfies ExampleInputs;

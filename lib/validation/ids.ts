import { z } from "./zod";
import { plainText } from "./plain-text";

// Identifiers more than one feature parses: an AIC instance id, and a key or key-group name.

export const instanceId = z
  .string()
  .trim()
  .regex(/^aic-[A-Za-z0-9-]{1,120}$/, "Not an AIC instance id (aic-…).");
export const keyField = plainText(z.string().trim().min(1).max(128, "At most 128 characters."));

import { z } from "../validation/zod";
import type { ExampleInputs } from "../action-spec";
import { plainText } from "../validation/plain-text";

/** The instance list export: a format and the instances page's query string (the view to export, all its matching rows). */
export const exportInstancesInput = z.strictObject({
  format: z.enum(["csv", "jsonl"]).default("csv"),
  view: plainText(z.string().max(2000)).default(""),
});

export const exampleInputs = {
  "instances.export": { format: "csv", view: "state=success" },
} satisfies ExampleInputs;
